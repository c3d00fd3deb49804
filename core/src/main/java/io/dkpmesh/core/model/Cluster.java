package io.dkpmesh.core.model;

import java.util.Map;
import java.util.Optional;

/**
 * One DKP cluster of the fleet.
 *
 * @param pointer JSON pointer of the cluster in the topology, for findings
 */
public record Cluster(
        String pointer,
        String name,
        Edition edition,
        String region,
        Optional<String> zone,
        Optional<String> network,
        Optional<String> environment,
        Map<String, String> labels,
        String clusterDomain,
        Optional<String> publicDomain,
        String podSubnetCIDR,
        String serviceSubnetCIDR,
        Optional<String> apiServer,
        Optional<String> metadataEndpoint,
        Optional<String> metadataCA,
        Optional<CiliumMember> cilium) {

    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    public Cluster {
        labels = Map.copyOf(labels);
    }

    /**
     * Where this cluster's istio metadata exporter answers: as given, or derived from the public
     * domain on the recommended {@code istio-metadata.} host (DOMAIN.md §1.6).
     */
    public Optional<String> effectiveMetadataEndpoint() {
        return metadataEndpoint.or(() -> publicDomain.map(domain -> "https://istio-metadata." + domain + "/metadata/"));
    }

    /** Pointer of the field that sets the metadata endpoint, for findings about it. */
    public String metadataEndpointPointer() {
        return pointer + (metadataEndpoint.isPresent() ? "/metadataEndpoint" : publicDomain.isPresent() ? "/publicDomain" : "");
    }
}
