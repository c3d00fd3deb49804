<#-- ModuleConfig istio: one per cluster, merged from every istio mesh the cluster is in and the
     cluster's own moduleSettings.istio (a sync replaces the whole object, so the platform team's
     settings live here too). Applied before the peer objects: DKP denies
     IstioFederation/IstioMulticluster until the matching setting is on. Settings are written in
     settings version 2; newer modules convert them up themselves. Keys are sorted; nested objects
     in lists (tolerations) are written in flow style. -->
<#macro pad n><#list 0..<n as _> </#list></#macro>
<#macro flow v><#if v?is_hash_ex>{<#list v as key, value>${q(key)}: <@flow v=value/><#sep>, </#list>}<#elseif v?is_sequence>[<#list v as item><@flow v=item/><#sep>, </#list>]<#elseif v?is_boolean || v?is_number>${v?c}<#else>${q(v)}</#if></#macro>
<#macro block v indent>
<#list v as key, value>
<#if value?is_hash_ex && value?size gt 0>
<@pad indent/>${q(key)}:
<@block v=value indent=indent + 2/>
<#elseif value?is_sequence && value?size gt 0>
<@pad indent/>${q(key)}:
<#list value as item>
<@pad indent + 2/>- <@flow v=item/>
</#list>
<#else>
<@pad indent/>${q(key)}: <@flow v=value/>
</#if>
</#list>
</#macro>
apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata:
  name: istio
spec:
  version: ${version?c}
  enabled: true
<#if settings?has_content>
  settings:
<@block v=settings indent=4/>
</#if>
