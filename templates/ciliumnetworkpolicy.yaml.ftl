<#-- CiliumNetworkPolicy for an access rule or a federation boundary; without `namespace`, a
     CiliumClusterwideNetworkPolicy (the federation boundary of every namespace the member exports
     nothing from).
     Pods are selected, not Services: a rule about one Service selects the pods carrying its
     workloadLabels (default `app: <service>`); a rule about a namespace selects every pod in it.
     `ports`, when given, become the rule's toPorts (the boundary denies an exported pod's other
     ports). Every peer selector names its cluster with
     io.cilium.k8s.policy.cluster, because since Cilium 1.19 (policy-default-local-cluster)
     a selector without it matches local endpoints only; `io.kubernetes.pod.namespace Exists`
     stands for "any namespace", which a namespaced policy otherwise narrows to its own. -->
<#-- A label selector as one flow mapping: {} selects everything. -->
<#macro selector s>{<#if s.matchLabels?has_content>matchLabels: {<#list s.matchLabels as label>${q(label.key)}: ${q(label.value)}<#sep>, </#list>}</#if><#if s.matchLabels?has_content && s.matchExpressions?has_content>, </#if><#if s.matchExpressions?has_content>matchExpressions: [<#list s.matchExpressions as e>{key: ${q(e.key)}, operator: ${q(e.operator)}<#if e.values?has_content>, values: [<#list e.values as value>${q(value)}<#sep>, </#list>]</#if>}<#sep>, </#list>]</#if>}</#macro>
apiVersion: cilium.io/v2
kind: <#if namespace??>CiliumNetworkPolicy<#else>CiliumClusterwideNetworkPolicy</#if>
metadata:
  name: ${q(name)}
<#if namespace??>
  namespace: ${q(namespace)}
</#if>
spec:
  description: ${q(description)}
  endpointSelector: <@selector s=endpointSelector/>
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
        - <@selector s=peer/>
</#list>
<#if ports?has_content>
      toPorts:
        - ports:
<#list ports as p>
            - {port: ${q(p.port)}<#if p.endPort??>, endPort: ${p.endPort?c}</#if>, protocol: ${q(p.protocol)}}
</#list>
</#if>
