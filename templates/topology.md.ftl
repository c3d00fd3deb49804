<#-- TOPOLOGY.md at the root of the rendered tree: the topology as a Mermaid diagram and a table of meshes.
     Markdown, not YAML: strings go through md(...); mermaid is text MermaidGraph has already escaped. -->
# Topology ${md(name)}

```mermaid
${mermaid}```

Edges: `<-->` istio federation, `<==>` istio multicluster, `-.-` cilium federation, `<-.->` cilium multicluster;
single-cluster meshes are named in their cluster's node.

<#if meshes?has_content>
| mesh | type | provider | members |
|---|---|---|---|
<#list meshes as mesh>
| ${md(mesh.name)} | ${md(mesh.type)} | ${md(mesh.provider)} | <#list mesh.members as member>${md(member)}<#sep>, </#sep></#list> |
</#list>
<#else>
No meshes: the clusters are not connected.
</#if>
