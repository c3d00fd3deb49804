<#-- Argo CD: the Cilium chart of one ClusterMesh member, with the member's ClusterMesh values.
     Rendered only for a member with cilium.install helm: Cilium installed from its upstream chart
     as release `cilium` in kube-system (DKP's cni-cilium cannot mesh, DOMAIN.md §2; rendering this
     beside it would install a second CNI). Argo CD renders the chart with these values only, so
     add the rest of your Cilium values with a user template of this name (the templates folder setting).
     For that reason it never syncs on its own: a human reviews the diff against the running CNI
     and syncs. No TLS material: the members trust one shared Cilium CA, and the values
     make `helm template` generate none (docs/cilium.md), so the Application can be in sync.
     Sync wave -1: an app of apps that syncs gitops/argocd creates the ApplicationSet (wave 0), and
     with it the cluster trees and their policies, only once this Application is Healthy (with the
     Application health check restored in argocd-cm, docs/cilium.md). -->
<#import "cilium-clustermesh-values.macros.ftl" as cm>
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
  annotations:
    "argocd.argoproj.io/sync-wave": ${q(syncWave)}
spec:
  project: ${q(project)}
  source:
    repoURL: ${q(chart.source)}
    chart: cilium
    targetRevision: ${q(chart.version)}
    helm:
      releaseName: ${q(chart.release)}
      valuesObject:
<@cm.values v=values indent=8/>
  destination:
    server: ${q(server)}
    namespace: ${q(chart.namespace)}
