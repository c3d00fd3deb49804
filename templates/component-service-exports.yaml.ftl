<#-- A Component an overlay includes next to the cluster's Services: it labels the exported ones
     so DKP publishes them to the federation. -->
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
<#list patches as patch>
  - path: ${q(patch.path)}
    target:
      version: v1
      kind: Service
      namespace: ${q(patch.namespace)}
      name: ${q(patch.name)}
</#list>
