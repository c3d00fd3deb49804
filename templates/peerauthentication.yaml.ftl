<#-- PeerAuthentication for a mesh with mtls STRICT: namespace-wide (no selector), so every sidecar
     of the namespace refuses plain text (istio/api security/v1beta1/peer_authentication.proto:
     a policy in a namespace without selector applies to all its workloads; a workload's own
     selector policy would override it). DKP's istio module renders no PeerAuthentication, so
     without this the mode is PERMISSIVE. -->
apiVersion: ${q("security.istio.io/" + apiVersion)}
kind: PeerAuthentication
metadata:
  name: "dkp-mesh"
  namespace: ${q(namespace)}
spec:
  mtls:
    mode: STRICT
