package io.dkpmesh.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A mesh over some of the clusters.
 *
 * @param pointer JSON pointer of the mesh in the topology, for findings
 * @param sourceIPPreserved the user states that flat-network traffic keeps the caller pod's IP
 * @param mtls the Istio mTLS mode the mesh asks of the namespaces it protects: {@link #PERMISSIVE}
 *     (DKP's default: it sets no PeerAuthentication) or {@link #STRICT}
 */
public record Mesh(
        String pointer,
        String name,
        MeshType type,
        Provider provider,
        List<String> clusters,
        IngressGateway ingressGateway,
        List<Export> exports,
        List<String> namespaces,
        boolean flatNetwork,
        boolean sourceIPPreserved,
        List<AccessRule> access,
        List<TrafficRule> traffic,
        int maxConnectedClusters,
        String mtls) {

    public static final String PERMISSIVE = "PERMISSIVE";
    public static final String STRICT = "STRICT";

    public Mesh(
            String pointer,
            String name,
            MeshType type,
            Provider provider,
            List<String> clusters,
            IngressGateway ingressGateway,
            List<Export> exports,
            List<String> namespaces,
            boolean flatNetwork,
            boolean sourceIPPreserved,
            List<AccessRule> access,
            List<TrafficRule> traffic,
            int maxConnectedClusters) {
        this(
                pointer,
                name,
                type,
                provider,
                clusters,
                ingressGateway,
                exports,
                namespaces,
                flatNetwork,
                sourceIPPreserved,
                access,
                traffic,
                maxConnectedClusters,
                PERMISSIVE);
    }

    public boolean strictMtls() {
        return STRICT.equals(mtls);
    }

    public Mesh {
        clusters = List.copyOf(clusters);
        exports = List.copyOf(exports);
        namespaces = List.copyOf(namespaces);
        access = List.copyOf(access);
        traffic = List.copyOf(traffic);
    }

    public boolean isIstioAlliance() {
        return provider == Provider.ISTIO && type != MeshType.SINGLE;
    }

    public boolean has(String cluster) {
        return clusters.contains(cluster);
    }

    /**
     * The members that export {@code service} of {@code namespace}, or any service of it when
     * {@code service} is empty, in topology order without repeats.
     */
    public List<String> exporters(String namespace, Optional<String> service) {
        return exports.stream()
                .filter(e -> e.namespace().equals(namespace)
                        && service.map(e.service()::equals).orElse(true))
                .map(Export::cluster)
                .distinct()
                .toList();
    }

    /** Pointer of the i-th entry of {@code clusters}. */
    public String memberPointer(String cluster) {
        return pointer + "/clusters/" + clusters.indexOf(cluster);
    }

    /**
     * Whether a cluster's alliance gateway carries multicluster traffic besides federation traffic:
     * some Istio multicluster of its {@code meshes} is not flat, so its peers pass the gateway with the
     * same SNIs a federation peer sends (they share the cluster domain). Then no boundary by SNI can
     * be put on the gateway without cutting them.
     */
    public static boolean gatewayCarriesMulticluster(List<Mesh> meshes) {
        return meshes.stream()
                .anyMatch(m -> m.provider() == Provider.ISTIO && m.type() == MeshType.MULTICLUSTER && !m.flatNetwork());
    }
}
