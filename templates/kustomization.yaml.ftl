<#-- The cluster's root: `kubectl kustomize clusters/<cluster>` builds every object dkp-mesh renders for it. -->
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
sortOptions:
  order: fifo
<#if resources?has_content>
resources:
<#list resources as resource>
  - ${q(resource)}
</#list>
<#else>
resources: []
</#if>
