<#-- Cilium Helm values for one ClusterMesh member, rendered with gitops.tool none. Not a Kubernetes
     object: feed it to the cluster's upstream Cilium install (helm upgrade --reuse-values -f).
     DKP's cni-cilium cannot take it (DOMAIN.md §2): rendered only for clusters with cilium.install helm. -->
<#import "cilium-clustermesh-values.macros.ftl" as cm>
<@cm.values v=values indent=0/>
