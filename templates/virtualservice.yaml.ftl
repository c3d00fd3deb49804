<#-- VirtualService: splits the service's traffic between the stable and canary subsets of its
     DestinationRule, in every member where callers live. -->
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
