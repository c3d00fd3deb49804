<#-- AuthorizationPolicy: ALLOW only the listed callers; once an ALLOW policy selects a workload,
     Istio denies every request no policy allows. Without a service the policy covers the whole
     namespace; for a service it selects pods labelled app: <service> (Istio's app/version label
     convention, as canary subsets use version): make sure the service's pods carry it.
     Callers: a namespace is matched by the caller identity's namespace; a cluster by its trust
     domain as a principal prefix (federation, single), or on a flat multicluster network by its
     pod subnet, since all multicluster members share one trust domain. -->
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
<#if app??>
  selector:
    matchLabels:
      app: ${q(app)}
</#if>
  action: ALLOW
  rules:
    - from:
<#list sources as source>
        - source:
<#if source.principals??>
            principals:
<#list source.principals as principal>
              - ${q(principal)}
</#list>
</#if>
<#if source.namespaces??>
            namespaces:
<#list source.namespaces as ns>
              - ${q(ns)}
</#list>
</#if>
<#if source.ipBlocks??>
            ipBlocks:
<#list source.ipBlocks as block>
              - ${q(block)}
</#list>
</#if>
</#list>
