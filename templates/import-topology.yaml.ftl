<#-- The topology the import rebuilt from a fleet's objects (docs/import.md). Not a rendered object:
     a proposal for the user's topology.yaml, reviewed before it is rendered. Every key and string
     goes through q(), so a hostile name, label or module setting read from the fleet arrives as
     data; maps are written in block style (lists of maps too), lists of scalars in flow style.
     Placeholders (facts neither the clusters file nor the objects give) are named in the header. -->
<#macro pad n><#list 0..<n as _> </#list></#macro>
<#macro flow v><#if v?is_hash_ex>{<#list v as key, value>${q(key)}: <@flow v=value/><#sep>, </#list>}<#elseif v?is_sequence>[<#list v as item><@flow v=item/><#sep>, </#list>]<#elseif v?is_boolean || v?is_number>${v?c}<#else>${q(v)}</#if></#macro>
<#macro entries v indent dash>
<#list v as key, value>
<#if dash && key?is_first><@pad indent - 2/>- <#else><@pad indent/></#if><#if value?is_hash_ex && value?size gt 0>${q(key)}:
<@entries v=value indent=indent + 2 dash=false/>
<#elseif value?is_sequence && value?size gt 0 && value[0]?is_hash_ex>${q(key)}:
<#list value as item>
<@entries v=item indent=indent + 4 dash=true/>
</#list>
<#else>${q(key)}: <@flow v=value/>
</#if>
</#list>
</#macro>
# Imported by dkp-mesh from ${q(source)}; every object read is listed in report.md.
<#list placeholders as placeholder>
# PLACEHOLDER ${q(placeholder)}
</#list>
<@entries v=topology indent=0 dash=false/>
