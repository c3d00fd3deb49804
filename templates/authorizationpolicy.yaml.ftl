<#-- AuthorizationPolicy: ALLOW only the listed callers; once an ALLOW policy selects a workload,
     Istio denies every request no policy allows. Without a service the policy covers the whole
     namespace; for a service it selects the pods by the rule's workloadLabels, by default
     app: <service> (Istio's app/version label convention): a selector that matches no pod
     restricts nothing. Callers: a namespace is its principals in each member's trust domain
     (source.namespaces would admit that namespace of every trust domain the cluster trusts,
     federation peers included; multicluster members share one domain); a cluster is its
     trust domain as a principal prefix (federation, single), or on a flat multicluster network
     its pod subnet. -->
apiVersion: ${q("security.istio.io/" + apiVersion)}
kind: AuthorizationPolicy
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
<#if podSelector??>
  selector:
    matchLabels:
<#list podSelector as label>
      ${q(label.key)}: ${q(label.value)}
</#list>
</#if>
  action: ALLOW
<#-- no source (every listed caller runs without a sidecar): no rules, so the policy admits nobody
     (istio pilot/pkg/security/authz/builder/builder.go: an ALLOW policy without rules matches nothing) -->
<#if sources?has_content>
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
</#if>
