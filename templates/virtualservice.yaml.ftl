<#-- VirtualService: splits the service's traffic between the stable and canary subsets of its
     DestinationRule, in every member where callers live. The same weights are written for HTTP
     routes (per request) and TCP routes (per connection): Istio applies http routes to ports it
     treats as HTTP and tcp routes to opaque TCP ports, so the split holds whatever the port's
     protocol (istio/api networking/v1alpha3/virtual_service.proto). Ports carrying TLS the
     application originates itself (protocol tls/https) match neither and are not split. -->
apiVersion: ${q("networking.istio.io/" + apiVersion)}
kind: VirtualService
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
spec:
  hosts:
    - ${q(host)}
  http:
    - route:
        - destination:
            host: ${q(host)}
            subset: stable
          weight: ${canary.stableWeight?c}
        - destination:
            host: ${q(host)}
            subset: canary
          weight: ${canary.canaryWeight?c}
  tcp:
    - route:
        - destination:
            host: ${q(host)}
            subset: stable
          weight: ${canary.stableWeight?c}
        - destination:
            host: ${q(host)}
            subset: canary
          weight: ${canary.canaryWeight?c}
