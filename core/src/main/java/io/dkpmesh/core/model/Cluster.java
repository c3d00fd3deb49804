package io.dkpmesh.core.model;

import java.util.Map;
import java.util.Optional;

/**
 * One DKP cluster of the fleet.
 *
 * @param pointer       JSON pointer of the cluster in the topology, for findings
 * @param metadataInsecureSkipVerify whether peers fetch this cluster's metadata without verifying its certificate
 * @param dkpVersion    the Deckhouse release the cluster runs, when the topology says
 * @param istioSettings the cluster's own istio module settings ({@code moduleSettings.istio}),
 *                      maps, lists, strings, numbers and booleans, merged with what the meshes need
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
        boolean metadataInsecureSkipVerify,
        Optional<CiliumMember> cilium,
        Optional<Version> dkpVersion,
        Map<String, Object> istioSettings) {

    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    public Cluster {
        labels = Map.copyOf(labels);
        istioSettings = Map.copyOf(istioSettings);
    }

    /** Where the cluster's own istio module settings start ({@code moduleSettings.istio}), for findings. */
    public String istioSettingsPointer() {
        return pointer + "/moduleSettings/istio";
    }

    /**
     * The Istio version serving the cluster's namespaces, when the topology says: the istio
     * module's {@code globalVersion} given in {@code moduleSettings.istio}.
     */
    public Optional<Version> istioVersion() {
        return istioSettings.get("globalVersion") instanceof String v ? Version.parse(v) : Optional.empty();
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
        return pointer
                + (metadataEndpoint.isPresent()
                        ? "/metadataEndpoint"
                        : publicDomain.isPresent() ? "/publicDomain" : "");
    }
}
