<#-- IstioMulticluster: in each member, one per other member of the multicluster. No trustDomain:
     all members share one clusterDomain. enableIngressGateway is false only for a flat network,
     where pods of the peer are routable directly (DOMAIN.md §1.3); note that DKP's multicluster
     docs describe the multi-network mode only. -->
apiVersion: deckhouse.io/v1alpha1
kind: IstioMulticluster
metadata:
  name: ${q(name)}
spec:
  metadataEndpoint: ${q(metadataEndpoint)}
  enableIngressGateway: ${enableIngressGateway?c}
<#if ca??>
  metadata:
    ca: ${q(ca)}
</#if>
