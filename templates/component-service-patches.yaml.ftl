<#-- A Component an overlay includes next to the cluster's Services: each patch adds labels or
     annotations to one Service, or to every Service of a namespace when the target has no name
     (kustomize then applies the patch to each match and keeps each Service's own name).
     Used for the istio federation export label and the Cilium global-service annotations. -->
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
<#list patches as patch>
  - path: ${q(patch.path)}
    target:
      version: v1
      kind: Service
      namespace: ${q(patch.namespace)}
<#if patch.name??>
      name: ${q(patch.name)}
</#if>
</#list>
