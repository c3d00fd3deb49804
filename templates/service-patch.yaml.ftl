<#-- A strategic-merge patch adding labels and annotations to one Service. -->
apiVersion: v1
kind: Service
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
<#if labels?has_content>
  labels:
<#list labels as label>
    ${q(label.key)}: ${q(label.value)}
</#list>
</#if>
<#if annotations?has_content>
  annotations:
<#list annotations as annotation>
    ${q(annotation.key)}: ${q(annotation.value)}
</#list>
</#if>
