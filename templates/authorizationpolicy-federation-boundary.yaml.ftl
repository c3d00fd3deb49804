<#-- AuthorizationPolicy on DKP's federation ingress gateway (d8-istio, pods app: ingressgateway,
     deckhouse ee/modules/110-istio/templates/alliance/ingressgateway/daemonset.yaml). The gateway
     passes TLS through (AUTO_PASSTHROUGH), so it sees the SNI a peer's sidecar sends
     (outbound_.<port>_._.<host>, istio pilot/pkg/model/service.go BuildDNSSrvSubsetKey) but no
     principal. DENY every connection whose SNI names no exported Service: istiod builds the
     RBAC network filter into each passthrough filter chain (pilot/pkg/networking/core/gateway.go,
     authzBuilder.BuildTCP), and connection.sni is a TCP attribute. A DENY policy cuts only what
     it matches, so it never shuts out traffic the ALLOW rules of other policies admit. -->
apiVersion: ${q("security.istio.io/" + apiVersion)}
kind: AuthorizationPolicy
metadata:
  name: ${q(name)}
  namespace: "d8-istio"
spec:
  selector:
    matchLabels:
      "app": "ingressgateway"
  action: DENY
  rules:
<#if serverNames?has_content>
    - when:
        - key: "connection.sni"
          notValues:
<#list serverNames as sni>
            - ${q(sni)}
</#list>
<#else>
    <#-- the member exports nothing: an empty rule matches every connection -->
    - {}
</#if>
