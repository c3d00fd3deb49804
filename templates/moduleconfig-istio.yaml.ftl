<#-- ModuleConfig istio: one per cluster, merged from every istio mesh the cluster is in.
     Applied before the peer objects: DKP denies IstioFederation/IstioMulticluster until the
     matching setting is on. -->
apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata:
  name: istio
spec:
  version: ${version?c}
  enabled: true
<#if federation || multicluster || ingressGateway??>
  settings:
<#if federation>
    federation:
      enabled: true
</#if>
<#if multicluster>
    multicluster:
      enabled: true
</#if>
<#if ingressGateway??>
    alliance:
      ingressGateway:
        inlet: ${q(ingressGateway.inlet)}
<#if ingressGateway.nodePort??>
        nodePort:
          port: ${ingressGateway.nodePort?c}
</#if>
</#if>
</#if>
