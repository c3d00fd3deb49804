<#-- Cilium Helm values for one ClusterMesh member (DOMAIN.md §4). Not a Kubernetes object: feed
     it to the cluster's upstream Cilium install (helm upgrade -f). DKP's cni-cilium cannot take it
     (DOMAIN.md §2).
     No TLS material: peers are listed without `tls`, so every member must trust one shared CA
     (copy Secret kube-system/cilium-ca to every cluster before installing). Peers given by an
     IPv4 address are listed under `ips`; Cilium then dials <name>.mesh.cilium.io, which its
     auto-generated clustermesh-apiserver certificates cover. -->
cluster:
  name: ${q(name)}
  id: ${id?c}
clustermesh:
  useAPIServer: true
  maxConnectedClusters: ${maxConnectedClusters?c}
  config:
    enabled: true
    clusters:
<#list peers as peer>
      - name: ${q(peer.name)}
<#if peer.ip??>
        ips:
          - ${q(peer.ip)}
<#else>
        address: ${q(peer.address)}
</#if>
        port: ${peer.port?c}
</#list>
