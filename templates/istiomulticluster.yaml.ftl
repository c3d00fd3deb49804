<#-- IstioMulticluster: in each member, one per other member of the multicluster. No trustDomain:
     all members share one clusterDomain. enableIngressGateway is false only for a flat network,
     where pods of the peer are routable directly: DKP's single-network mode (MULTICLUSTER.md,
     "pods from different clusters can communicate with each other directly"). -->
apiVersion: deckhouse.io/v1alpha1
kind: IstioMulticluster
metadata:
  name: ${q(name)}
spec:
  metadataEndpoint: ${q(metadataEndpoint)}
  enableIngressGateway: ${enableIngressGateway?c}
<#if ca??>
  metadata:
    ca: ${q(ca)}
<#elseif insecureSkipVerify??>
  metadata:
    insecureSkipVerify: true
</#if>
