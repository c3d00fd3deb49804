<#-- The Cilium ClusterMesh Helm values (DOMAIN.md §4), shared by the values file (gitops none),
     the Argo CD Application (helm.valuesObject) and the Flux HelmRelease (values), so the three
     can never disagree. `indent` is the column the top-level keys start at.
     No TLS material: peers are listed without `tls`, so every member must trust one shared CA
     (copy Secret kube-system/cilium-ca to every cluster before installing). Peers given by an
     IPv4 address are listed under `ips`; Cilium then dials <name>.mesh.cilium.io, which its
     auto-generated clustermesh-apiserver certificates cover. -->
<#macro pad n><#list 0..<n as _> </#list></#macro>
<#macro values v indent>
<@pad indent/>cluster:
<@pad indent/>  name: ${q(v.name)}
<@pad indent/>  id: ${v.id?c}
<@pad indent/>clustermesh:
<@pad indent/>  useAPIServer: true
<@pad indent/>  maxConnectedClusters: ${v.maxConnectedClusters?c}
<@pad indent/>  config:
<@pad indent/>    enabled: true
<@pad indent/>    clusters:
<#list v.peers as peer>
<@pad indent/>      - name: ${q(peer.name)}
<#if peer.ip??>
<@pad indent/>        ips:
<@pad indent/>          - ${q(peer.ip)}
<#else>
<@pad indent/>        address: ${q(peer.address)}
</#if>
<@pad indent/>        port: ${peer.port?c}
</#list>
</#macro>
