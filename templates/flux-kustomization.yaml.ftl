<#-- Flux, in the cluster itself: applies one phase folder of the cluster's tree from the
     GitRepository Flux was bootstrapped with; the next phase dependsOn it. A ModuleConfig has no
     readiness condition, so kstatus reports it Current at once and `wait` would order nothing:
     the modules phase instead health-checks the CustomResourceDefinitions the next phase needs,
     which become Established only once the module (or Cilium) has installed them. When a check or
     an apply fails, the phase is tried again after retryInterval, not a whole interval later.
     For a ClusterMesh member two more: `<topology>-cilium-preflight` applies nothing and is healthy
     only while the Cilium agent DaemonSet kube-system/cilium runs and Secret kube-system/cilium-ca
     is annotated helm.sh/resource-policy: keep (healthCheckExprs), and `<topology>-cilium`
     dependsOn it, applies the HelmRelease and waits until helm-controller reports it Ready (the
     upgrade done and every agent restarted); the mesh phase dependsOn `<topology>-cilium`. -->
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
<#if dependsOn?has_content>
  dependsOn:
<#list dependsOn as dependency>
    - name: ${q(dependency)}
</#list>
</#if>
  interval: 10m
  retryInterval: ${q(retryInterval)}
<#if timeout??>
  timeout: ${q(timeout)}
</#if>
  path: ${q(path)}
  prune: ${prune?c}
<#if healthChecks??>
  healthChecks:
<#list healthChecks as check>
    - apiVersion: ${q(check.apiVersion)}
      kind: ${q(check.kind)}
      name: ${q(check.name)}
<#if check.namespace??>
      namespace: ${q(check.namespace)}
</#if>
</#list>
<#if healthCheckExprs??>
  healthCheckExprs:
<#list healthCheckExprs as expr>
    - apiVersion: ${q(expr.apiVersion)}
      kind: ${q(expr.kind)}
      current: ${q(expr.current)}
</#list>
</#if>
<#else>
  wait: true
</#if>
  sourceRef:
    kind: GitRepository
    name: ${q(gitRepository)}
