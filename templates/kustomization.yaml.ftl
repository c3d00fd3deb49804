<#-- A kustomization: the cluster's root (`kubectl kustomize clusters/<cluster>` builds every object
     dkp-mesh renders for it), a phase folder, or a folder of GitOps objects. `annotations` (phase
     folders under Argo CD) stamps the phase's sync wave on every object of the folder. -->
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
sortOptions:
  order: fifo
<#if annotations??>
commonAnnotations:
<#list annotations as key, value>
  ${q(key)}: ${q(value)}
</#list>
</#if>
<#if resources?has_content>
resources:
<#list resources as resource>
  - ${q(resource)}
</#list>
<#else>
resources: []
</#if>
