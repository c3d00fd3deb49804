<#-- Flux, in the cluster itself: applies one phase folder of the cluster's tree from the
     GitRepository Flux was bootstrapped with; the next phase dependsOn it. A ModuleConfig has no
     readiness condition, so kstatus reports it Current at once and `wait` would order nothing:
     the modules phase instead health-checks the CustomResourceDefinitions the next phase needs,
     which become Established only once the module (or Cilium) has installed them. When a check or
     an apply fails, the phase is tried again after retryInterval, not a whole interval later. -->
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
<#if dependsOn??>
  dependsOn:
    - name: ${q(dependsOn)}
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
<#list healthChecks as crd>
    - apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      name: ${q(crd)}
</#list>
<#else>
  wait: true
</#if>
  sourceRef:
    kind: GitRepository
    name: ${q(gitRepository)}
