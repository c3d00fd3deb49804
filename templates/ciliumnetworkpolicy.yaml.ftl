<#-- CiliumNetworkPolicy for an access rule or a federation boundary.
     Pods are selected, not Services: a rule about one Service selects the pods labelled
     `app: <service>` (the label the Service is expected to select on); a rule about a namespace
     selects every pod in it. Every peer selector names its cluster with
     io.cilium.k8s.policy.cluster, because since Cilium 1.19 (policy-default-local-cluster)
     a selector without it matches local endpoints only; `io.kubernetes.pod.namespace Exists`
     stands for "any namespace", which a namespaced policy otherwise narrows to its own. -->
<#function selectorLines s>
  <#local lines = []>
  <#if s.matchLabels?has_content>
    <#local lines = lines + ["matchLabels:"]>
    <#list s.matchLabels as label>
      <#local lines = lines + ["  " + q(label.key) + ": " + q(label.value)]>
    </#list>
  </#if>
  <#if s.matchExpressions?has_content>
    <#local lines = lines + ["matchExpressions:"]>
    <#list s.matchExpressions as e>
      <#local lines = lines + ["  - key: " + q(e.key), "    operator: " + q(e.operator)]>
      <#if e.values?has_content>
        <#local lines = lines + ["    values:"]>
        <#list e.values as value>
          <#local lines = lines + ["      - " + q(value)]>
        </#list>
      </#if>
    </#list>
  </#if>
  <#return lines>
</#function>
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
  description: ${q(description)}
<#if selectorLines(endpointSelector)?has_content>
  endpointSelector:
<#list selectorLines(endpointSelector) as line>
    ${line}
</#list>
<#else>
  endpointSelector: {}
</#if>
<#if deny>
  <#-- a deny-only policy would otherwise put the selected pods into default-deny for all ingress -->
  enableDefaultDeny:
    ingress: false
  ingressDeny:
<#else>
  ingress:
</#if>
    - fromEndpoints:
<#list from as peer>
<#list selectorLines(peer) as line>
        ${line?is_first?then("- ", "  ")}${line}
</#list>
</#list>
