<#-- The consumer side of a Cilium global Service in a federation member that does not export it.
     Cilium load-balances a global Service only in a cluster that has a Service of the same name
     and namespace (Cilium Documentation/network/clustermesh/services.rst), and gives each of its
     frontends the remote backends of the port with the same name
     (pkg/clustermesh/loadbalancer/service_merger.go). So: the exporter's ports, no selector (no
     local pods behind it, hence no EndpointSlices), and the annotations the
     cilium-global-services Component gives this Service here. -->
apiVersion: v1
kind: Service
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
  annotations:
<#list annotations as annotation>
    ${q(annotation.key)}: ${q(annotation.value)}
</#list>
spec:
  type: "ClusterIP"
  ports:
<#list ports as port>
    - <#if port.name?has_content>name: ${q(port.name)}
      </#if>port: ${port.port?c}
      protocol: ${q(port.protocol)}
</#list>
