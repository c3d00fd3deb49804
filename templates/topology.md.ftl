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
<#if mesh.hubs?has_content>
| ${md(mesh.name)} | ${md(mesh.type)} | ${md(mesh.provider)} | hubs: <#list mesh.hubs as hub>${md(hub)}<#sep>, </#sep></#list>; <#if mesh.spokesGrouped>${mesh.spokes?size?c} spokes, listed below<#else>spokes: <#list mesh.spokes as spoke>${md(spoke)}<#sep>, </#sep></#list></#if> |
<#else>
| ${md(mesh.name)} | ${md(mesh.type)} | ${md(mesh.provider)} | <#list mesh.members as member>${md(member)}<#sep>, </#sep></#list> |
</#if>
</#list>
<#list meshes as mesh>
<#if mesh.spokesGrouped>

Spokes of ${md(mesh.name)} (${mesh.spokes?size?c}; each peers with the hubs only):

<#list mesh.spokes as spoke>
- ${md(spoke)}
</#list>
</#if>
</#list>
<#else>
No meshes: the clusters are not connected.
</#if>
