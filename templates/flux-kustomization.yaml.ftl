<#-- Flux, in the cluster itself: applies one phase folder of the cluster's tree from the
     GitRepository Flux was bootstrapped with. `wait` makes the phase ready only when its objects
     are, and the next phase dependsOn it, so DKP sees the module settings before the peers. -->
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
  path: ${q(path)}
  prune: ${prune?c}
  wait: true
  sourceRef:
    kind: GitRepository
    name: ${q(gitRepository)}
