package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.IngressGateway;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.ModuleSettings;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.render.ServicePatches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The DKP istio module: one merged ModuleConfig per cluster, IstioFederation per federation peer,
 * and the Component labelling exported Services (PRODUCT.md §4, DOMAIN.md §1).
 */
final class IstioPlanner implements Planner {

    /** The istio settings schema version our ModuleConfig is written in (DOMAIN.md §1.5). */
    static final int SETTINGS_VERSION = 2;

    static final String PUBLIC_SERVICE_LABEL = "federation.istio.deckhouse.io/public-service";

    /**
     * The data of {@code moduleconfig-istio.yaml.ftl}.
     *
     * @param settings the merged settings ({@link ModuleSettings#merge}), keys sorted at every level: a map,
     *                 because it is free-form: the cluster's own {@code moduleSettings.istio}, which the
     *                 template writes key by key, whatever keys the module's schema has
     */
    public record ModuleConfig(int version, Map<String, Object> settings) {
        public ModuleConfig {
            settings = Collections.unmodifiableMap(settings);
        }
    }

    /**
     * The data of {@code istiofederation.yaml.ftl}.
     *
     * @param ca                 the PEM CA that verifies the peer's metadata endpoint; {@code null} without
     * @param insecureSkipVerify {@code true} when the endpoint is not verified; {@code null} otherwise
     */
    public record IstioFederation(
            String name, String trustDomain, String metadataEndpoint, String ca, Boolean insecureSkipVerify) {}

    /**
     * The data of {@code istiomulticluster.yaml.ftl}.
     *
     * @param ca                 the PEM CA that verifies the peer's metadata endpoint; {@code null} without
     * @param insecureSkipVerify {@code true} when the endpoint is not verified; {@code null} otherwise
     */
    public record IstioMulticluster(
            String name,
            String metadataEndpoint,
            boolean enableIngressGateway,
            String ca,
            Boolean insecureSkipVerify) {}

    /** How a peer's metadata endpoint is verified; at most one is set. */
    private record MetadataTls(String ca, Boolean insecureSkipVerify) {}

    @Override
    public void plan(Plan plan) {
        Topology topology = plan.topology();
        for (Cluster cluster : topology.clusters()) {
            List<Mesh> meshes = topology.meshesOf(cluster.name()).stream()
                    .filter(m -> m.provider() == Provider.ISTIO)
                    .toList();
            if (meshes.isEmpty()) {
                continue;
            }
            moduleConfig(plan, cluster, meshes);
            federations(plan, cluster, meshes);
            multiclusters(plan, cluster, meshes);
            exports(plan, cluster, meshes);
            federationBoundary(plan, cluster, meshes);
            strictMtls(plan, cluster, meshes);
        }
    }

    /** The data of {@code peerauthentication.yaml.ftl}. */
    public record PeerAuthentication(String apiVersion, String namespace) {}

    /**
     * The namespaces an Istio mesh protects in a member: those of its access rules, of the member's
     * exports, and a multicluster's shared namespaces.
     */
    public static java.util.SortedSet<String> protectedNamespaces(Mesh mesh, String cluster) {
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>();
        mesh.access().forEach(rule -> namespaces.add(rule.namespace()));
        mesh.exports().stream().filter(e -> e.cluster().equals(cluster)).forEach(e -> namespaces.add(e.namespace()));
        namespaces.addAll(mesh.namespaces());
        return namespaces;
    }

    /**
     * A mesh with {@code mtls: STRICT}: one namespace-wide PeerAuthentication per namespace it
     * protects in the member; PERMISSIVE renders nothing (DKP's istio module renders no
     * PeerAuthentication: {@code modules/110-istio/templates/control-plane/iop/iop.yaml}).
     */
    private static void strictMtls(Plan plan, Cluster cluster, List<Mesh> meshes) {
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>();
        for (Mesh mesh : meshes) {
            if (mesh.strictMtls()) {
                namespaces.addAll(protectedNamespaces(mesh, cluster.name()));
            }
        }
        for (String namespace : namespaces) {
            plan.add(Document.clusterResource(
                    cluster.name(),
                    "peerauthentication-" + namespace + ".yaml",
                    "peerauthentication.yaml.ftl",
                    new PeerAuthentication(IstioServicePlanner.istioApiVersion(cluster), namespace),
                    Phase.PEERS));
        }
    }

    /** The name of the boundary policy on the federation gateway (a dot never occurs in a Service name). */
    public static final String BOUNDARY_POLICY = "dkp-mesh.federation-boundary";

    /**
     * The data of {@code authorizationpolicy-federation-boundary.yaml.ftl}.
     *
     * @param serverNames the SNIs peers may send through the gateway, sorted; empty: none
     */
    public record FederationBoundary(String apiVersion, String name, List<String> serverNames) {}

    /**
     * The SNI a peer's sidecar sends for a Service port through an AUTO_PASSTHROUGH gateway, and
     * the one filter chain the gateway builds for it: {@code outbound_.<port>_._.<host>} (istio
     * {@code pilot/pkg/model/service.go} {@code BuildDNSSrvSubsetKey}, used by
     * {@code pilot/pkg/networking/core/gateway.go} {@code builtAutoPassthroughFilterChains}); without
     * known ports, any port of the host (Istio's suffix match, a leading {@code *}).
     */
    public static List<String> serverNames(Export export, String clusterDomain) {
        String host = export.service() + "." + export.namespace() + ".svc." + clusterDomain;
        if (export.ports().isEmpty()) {
            return List.of("*_._." + host);
        }
        // the gateway builds no filter chain for UDP ports
        return export.ports().stream()
                .filter(p -> !p.protocol().equals("UDP"))
                .map(p -> "outbound_." + p.port() + "_._." + host)
                .toList();
    }

    /**
     * In a federation member, a DENY policy on DKP's federation gateway for every SNI that names no
     * Service the member exports: DKP's gateway ({@code Gateway ingressgateway}, hosts
     * {@code *.<clusterDomain>}, AUTO_PASSTHROUGH) forwards any Service of the cluster domain to a peer
     * that writes its own ServiceEntry; exporting alone decides only which ServiceEntries DKP gives
     * the peers.
     */
    private static void federationBoundary(Plan plan, Cluster cluster, List<Mesh> meshes) {
        if (meshes.stream().noneMatch(m -> m.type() == MeshType.FEDERATION)
                || Mesh.gatewayCarriesMulticluster(meshes)) {
            return;
        }
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() != MeshType.FEDERATION) {
                continue;
            }
            mesh.exports().stream()
                    .filter(e -> e.cluster().equals(cluster.name()))
                    .forEach(e -> names.addAll(serverNames(e, cluster.clusterDomain())));
        }
        FederationBoundary model = new FederationBoundary(
                IstioServicePlanner.istioApiVersion(cluster), BOUNDARY_POLICY, List.copyOf(names));
        plan.add(Document.clusterResource(
                cluster.name(),
                "authorizationpolicy-d8-istio.federation-boundary.yaml",
                "authorizationpolicy-federation-boundary.yaml.ftl",
                model,
                Phase.PEERS));
    }

    private static void moduleConfig(Plan plan, Cluster cluster, List<Mesh> meshes) {
        Map<String, Object> needed = new TreeMap<>();
        if (meshes.stream().anyMatch(m -> m.type() == MeshType.FEDERATION)) {
            needed.put("federation", Map.of("enabled", true));
        }
        if (meshes.stream().anyMatch(m -> m.type() == MeshType.MULTICLUSTER)) {
            needed.put("multicluster", Map.of("enabled", true));
        }
        ingressGateway(plan, cluster, meshes)
                .ifPresent(gateway -> needed.put("alliance", Map.of("ingressGateway", gateway)));
        ModuleConfig model = new ModuleConfig(
                SETTINGS_VERSION,
                ModuleSettings.merge(
                        needed,
                        cluster.istioSettings(),
                        cluster.istioSettingsPointer(),
                        "moduleSettings.istio of cluster " + Text.quote(cluster.name()),
                        plan.findings()));
        plan.add(Document.clusterResource(
                cluster.name(), "moduleconfig-istio.yaml", "moduleconfig-istio.yaml.ftl", model, Phase.MODULES));
    }

    /** One gateway serves every alliance mesh of a cluster, so their settings must agree. */
    private static Optional<Map<String, Object>> ingressGateway(Plan plan, Cluster cluster, List<Mesh> meshes) {
        Mesh chosen = null;
        for (Mesh mesh : meshes) {
            if (!mesh.isIstioAlliance()) {
                continue;
            }
            if (chosen == null) {
                chosen = mesh;
            } else if (!same(chosen.ingressGateway(), mesh.ingressGateway())) {
                plan.findings()
                        .error(
                                FindingCode.MODULE_SETTINGS_CONFLICT,
                                mesh.ingressGateway().pointer(),
                                "cluster "
                                        + Text.quote(cluster.name()) + " has one istio ingress gateway, but meshes "
                                        + Text.quote(chosen.name()) + " and "
                                        + Text.quote(mesh.name())
                                        + " configure it differently; give both the same ingressGateway");
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("inlet", chosen.ingressGateway().inlet());
        if (chosen.ingressGateway().inlet().equals(IngressGateway.NODE_PORT)) {
            chosen.ingressGateway().nodePort().ifPresent(port -> gateway.put("nodePort", Map.of("port", port)));
        }
        return Optional.of(gateway);
    }

    private static boolean same(IngressGateway a, IngressGateway b) {
        return a.inlet().equals(b.inlet()) && a.nodePort().equals(b.nodePort());
    }

    private static void federations(Plan plan, Cluster cluster, List<Mesh> meshes) {
        Map<String, Cluster> peers = new TreeMap<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() == MeshType.FEDERATION) {
                mesh.peersOf(cluster.name())
                        .forEach(name -> plan.cluster(name).ifPresent(peer -> peers.put(name, peer)));
            }
        }
        for (Cluster peer : peers.values()) {
            MetadataTls tls = metadataTls(plan, peer);
            IstioFederation model = new IstioFederation(
                    peer.name(),
                    peer.clusterDomain(),
                    peer.effectiveMetadataEndpoint().orElseThrow(),
                    tls.ca(),
                    tls.insecureSkipVerify());
            plan.add(Document.clusterResource(
                    cluster.name(),
                    "istiofederation-" + peer.name() + ".yaml",
                    "istiofederation.yaml.ftl",
                    model,
                    Phase.PEERS));
        }
    }

    /**
     * One IstioMulticluster per peer; the peer is reached without the gateway only when every
     * multicluster joining the pair declares a flat network.
     */
    private static void multiclusters(Plan plan, Cluster cluster, List<Mesh> meshes) {
        Map<String, Boolean> gatewayByPeer = new TreeMap<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() == MeshType.MULTICLUSTER) {
                mesh.peersOf(cluster.name())
                        .forEach(name -> gatewayByPeer.merge(name, !mesh.flatNetwork(), Boolean::logicalOr));
            }
        }
        gatewayByPeer.forEach((name, gateway) -> plan.cluster(name).ifPresent(peer -> {
            MetadataTls tls = metadataTls(plan, peer);
            IstioMulticluster model = new IstioMulticluster(
                    peer.name(),
                    peer.effectiveMetadataEndpoint().orElseThrow(),
                    gateway,
                    tls.ca(),
                    tls.insecureSkipVerify());
            plan.add(Document.clusterResource(
                    cluster.name(),
                    "istiomulticluster-" + peer.name() + ".yaml",
                    "istiomulticluster.yaml.ftl",
                    model,
                    Phase.PEERS));
        }));
    }

    /** How a peer's metadata endpoint is verified: its CA when given (DKP then ignores insecureSkipVerify), or not at all if it says so. */
    private static MetadataTls metadataTls(Plan plan, Cluster peer) {
        String ca = plan.metadataCAs().get(peer.name());
        if (ca != null) {
            return new MetadataTls(ca, null);
        }
        return new MetadataTls(null, peer.metadataInsecureSkipVerify() ? Boolean.TRUE : null);
    }

    private static void exports(Plan plan, Cluster cluster, List<Mesh> meshes) {
        Map<String, Export> services = new TreeMap<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() != MeshType.FEDERATION) {
                continue;
            }
            mesh.exports().stream()
                    .filter(e -> e.cluster().equals(cluster.name()))
                    .forEach(e -> services.put(e.namespace() + "/" + e.service(), e));
        }
        List<ServicePatches.Patch> patches = new ArrayList<>();
        for (Export export : services.values()) {
            ServicePatches.Patch patch = new ServicePatches.Patch(export.namespace(), Optional.of(export.service()));
            patch.labels().put(PUBLIC_SERVICE_LABEL, "");
            patches.add(patch);
        }
        ServicePatches.add(plan, cluster.name(), io.dkpmesh.core.layout.Layout.SERVICE_EXPORTS, patches);
    }
}
