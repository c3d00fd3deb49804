<#-- Flux, in the cluster itself: the Cilium chart with this member's ClusterMesh values. Rendered
     only for a member with cilium.install helm: Cilium installed from its upstream chart as release
     `cilium` in kube-system (DKP's cni-cilium cannot mesh, DOMAIN.md §2) and a HelmRepository serving the chart in Flux's
     namespace (gitops.cilium.helmRepository). storageNamespace finds that existing release, and
     preserveValues keeps its other values: only the ClusterMesh values are merged over them.
     Upgrade only: Kustomization <topology>-cilium applies this only while the agent DaemonSet runs
     (flux-kustomization.yaml.ftl), and install.disableTakeOwnership makes an install fail on the
     objects of a Cilium that is not release `cilium` instead of taking them over (helm-controller
     internal/action/install.go: TakeOwnership = !disableTakeOwnership). The upgrade waits for every
     agent to restart (rollOutCiliumPods) within `timeout`, then helm-controller marks it Ready.
     No TLS material: the members trust one shared Cilium CA. -->
<#import "cilium-clustermesh-values.macros.ftl" as cm>
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
  interval: 10m
  releaseName: ${q(chart.release)}
  targetNamespace: ${q(chart.namespace)}
  storageNamespace: ${q(chart.namespace)}
  timeout: ${q(timeout)}
  chart:
    spec:
      chart: cilium
      version: ${q(chart.version)}
      sourceRef:
        kind: HelmRepository
        name: ${q(chart.source)}
        namespace: ${q(namespace)}
  install:
    disableTakeOwnership: true
  upgrade:
    preserveValues: true
  values:
<@cm.values v=values indent=4/>
