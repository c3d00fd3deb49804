<#-- IstioFederation: in each member, one per other member of the federation.
     trustDomain is the remote cluster's clusterDomain; DKP trusts the remote root CA only for it. -->
apiVersion: deckhouse.io/v1alpha1
kind: IstioFederation
metadata:
  name: ${q(name)}
spec:
  trustDomain: ${q(trustDomain)}
  metadataEndpoint: ${q(metadataEndpoint)}
<#if ca??>
  metadata:
    ca: ${q(ca)}
<#elseif insecureSkipVerify??>
  metadata:
    insecureSkipVerify: true
</#if>
