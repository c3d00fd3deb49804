package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cidr;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.IngressGateway;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.Rule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * DKP istio federation and multicluster ("alliance") rules that need the whole mesh: trust
 * domains, metadata endpoints and the ingress gateway (DOMAIN.md §1, §5).
 */
public final class IstioAllianceRules implements Rule {

    /** DKP's IstioFederation trustDomain pattern. */
    private static final Pattern TRUST_DOMAIN = Pattern.compile("^[0-9a-zA-Z._-]+\\z");
    /** DKP's metadataEndpoint pattern since 2025-09, widened by a port (2026-04). */
    private static final Pattern ENDPOINT =
            Pattern.compile("^https://[0-9a-zA-Z._-]+(:[0-9]{1,5})?(/[0-9a-zA-Z._/-]*)?\\z");
    /**
     * The only path DKP publishes metadata under: the metadata-exporter Ingress (deckhouse
     * ee/modules/110-istio/templates/alliance/metadata-exporter/ingress.yaml) routes /metadata/.
     */
    static final String METADATA_PATH = "/metadata/";

    private static final int NODE_PORT_RANGE_MIN = 30000;
    private static final int NODE_PORT_RANGE_MAX = 32767;

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            // a ClusterMesh has no ingress gateway: CiliumRules checks its apiserver
            if (mesh.provider() == Provider.ISTIO) {
                ingressGateway(mesh, findings);
            }
            flatNetwork(mesh, findings);
            if (mesh.provider() != Provider.ISTIO && mesh.strictMtls()) {
                findings.error(
                        FindingCode.MTLS_UNENFORCEABLE,
                        mesh.pointer() + "/mtls",
                        "mesh " + Text.quote(mesh.name()) + " is a "
                                + mesh.provider().name().toLowerCase(java.util.Locale.ROOT)
                                + " mesh: mtls is an Istio PeerAuthentication mode, and no Istio sidecar would enforce it;"
                                + " remove mtls");
            }
            if (!mesh.isIstioAlliance()) {
                continue;
            }
            // in document order, not the mesh's: a clash is reported at the cluster that repeats an
            // earlier one (usually the one just added or edited), naming that earlier one
            List<Cluster> members = mesh.clusters().stream()
                    .map(topology::cluster)
                    .flatMap(Optional::stream)
                    .distinct()
                    .sorted(Comparator.comparingInt(topology.clusters()::indexOf))
                    .toList();
            endpoints(mesh, members, findings);
            if (mesh.type() == MeshType.FEDERATION) {
                trustDomains(mesh, members, findings);
                unboundedGateways(topology, mesh, findings);
                subnets(mesh, members, false, findings);
            } else {
                sharedDomain(mesh, members, findings);
                subnets(mesh, members, true, findings);
            }
        }
    }

    /**
     * A federation member whose gateway also carries multicluster traffic gets no boundary on it
     * (IstioPlanner): its multicluster peers send the same SNIs, {@code outbound_.<port>_._.<host>}
     * of the shared cluster domain, through the same AUTO_PASSTHROUGH gateway (deckhouse
     * {@code ee/modules/110-istio/templates/alliance/ingressgateway/gateway.yaml}), so the federation
     * peers reach every Service of it, exported or not. Said at the member, not refused: the
     * matrix counts those callers as reaching.
     */
    private static void unboundedGateways(Topology topology, Mesh mesh, Findings findings) {
        for (String member : mesh.clusters()) {
            List<Mesh> meshes = topology.meshesOf(member);
            if (Mesh.gatewayCarriesMulticluster(meshes)) {
                String multicluster = meshes.stream()
                        .filter(m ->
                                m.provider() == Provider.ISTIO && m.type() == MeshType.MULTICLUSTER && !m.flatNetwork())
                        .map(Mesh::name)
                        .findFirst()
                        .orElseThrow();
                findings.warning(
                        FindingCode.FEDERATION_GATEWAY_UNBOUNDED,
                        mesh.memberPointer(member),
                        "cluster " + Text.quote(member) + " has one istio ingress gateway for federation "
                                + Text.quote(mesh.name()) + " and multicluster " + Text.quote(multicluster)
                                + ", which pass it with the same server names; dkp-mesh puts no boundary on it, so the"
                                + " federation peers reach every Service of " + Text.quote(member)
                                + ", exported or not (ACCESS.md counts them); protect those Services with access rules,"
                                + " or make the multicluster flatNetwork");
            }
        }
    }

    private static void trustDomains(Mesh mesh, List<Cluster> members, Findings findings) {
        Map<String, Cluster> byDomain = new HashMap<>();
        for (Cluster member : members) {
            String pointer = member.pointer() + "/clusterDomain";
            String domain = member.clusterDomain();
            if (domain.equals(Cluster.DEFAULT_CLUSTER_DOMAIN)) {
                findings.error(
                        FindingCode.CLUSTER_DOMAIN,
                        pointer,
                        "cluster " + Text.quote(member.name()) + " uses clusterDomain "
                                + Text.quote(domain) + " in federation " + Text.quote(mesh.name())
                                + "; each federation member needs its own trust domain: set clusterDomain to a unique name such as "
                                + member.name() + ".local (it is fixed at install time in DKP ClusterConfiguration)");
                continue;
            }
            if (!TRUST_DOMAIN.matcher(domain).find()) {
                findings.error(
                        FindingCode.CLUSTER_DOMAIN,
                        pointer,
                        Text.quote(domain) + " is not a valid trust domain (^[0-9a-zA-Z._-]+$)");
            }
            Cluster first = byDomain.putIfAbsent(domain, member);
            if (first != null) {
                findings.error(
                        FindingCode.CLUSTER_DOMAIN,
                        pointer,
                        "clusterDomain " + Text.quote(domain) + " is also used by cluster " + Text.quote(first.name())
                                + "; federation members need distinct trust domains");
            }
        }
    }

    /** Multicluster members form one mesh with one trust domain, so they must agree on it (DOMAIN.md §1.7). */
    private static void sharedDomain(Mesh mesh, List<Cluster> members, Findings findings) {
        if (members.isEmpty()) {
            return;
        }
        Cluster first = members.get(0);
        for (Cluster member : members.subList(1, members.size())) {
            if (!member.clusterDomain().equals(first.clusterDomain())) {
                findings.error(
                        FindingCode.CLUSTER_DOMAIN,
                        member.pointer() + "/clusterDomain",
                        "cluster " + Text.quote(member.name())
                                + " uses clusterDomain " + Text.quote(member.clusterDomain()) + " but cluster "
                                + Text.quote(first.name())
                                + " uses " + Text.quote(first.clusterDomain()) + "; all members of multicluster "
                                + Text.quote(mesh.name())
                                + " share one trust domain and need the same clusterDomain");
            }
        }
    }

    private static void endpoints(Mesh mesh, List<Cluster> members, Findings findings) {
        Map<String, Cluster> byHost = new HashMap<>();
        for (Cluster member : members) {
            Optional<String> endpoint = member.effectiveMetadataEndpoint();
            if (endpoint.isEmpty()) {
                findings.error(
                        FindingCode.METADATA_ENDPOINT,
                        member.pointer(),
                        "cluster " + Text.quote(member.name()) + " is in "
                                + mesh.type().label() + " " + Text.quote(mesh.name())
                                + " but has neither publicDomain nor metadataEndpoint; set publicDomain (the base of its publicDomainTemplate)");
                continue;
            }
            String pointer = member.metadataEndpointPointer();
            String url = endpoint.get();
            if (!url.startsWith("https://")) {
                findings.error(
                        FindingCode.METADATA_ENDPOINT,
                        pointer,
                        "metadata endpoint " + Text.quote(url)
                                + " must start with https:// (DKP refuses other schemes; the exporter is served over HTTPS only)");
                continue;
            }
            if (!ENDPOINT.matcher(url).find()) {
                findings.error(
                        FindingCode.METADATA_ENDPOINT,
                        pointer,
                        "metadata endpoint " + Text.quote(url)
                                + " is not accepted by DKP: use https://host[:port]/path with letters, digits, '.', '_', '-' and '/'");
                continue;
            }
            String path = path(url);
            // "/metadata" without its slash is refused too: the README and this message promise an
            // endpoint ending with /metadata/, and the rendered object is the endpoint as written
            if (!path.equals(METADATA_PATH)) {
                findings.error(
                        FindingCode.METADATA_ENDPOINT,
                        pointer,
                        "metadata endpoint " + Text.quote(url) + " has the path "
                                + Text.quote(path.isEmpty() ? "(none)" : path)
                                + ", but DKP's metadata exporter is published only under "
                                + METADATA_PATH
                                + " (its Ingress in d8-istio), and peers append public/public.json to the endpoint; end it with "
                                + METADATA_PATH + ", such as "
                                + (path.equals("/metadata")
                                        ? url + "/"
                                        : "https://istio-metadata.<publicDomain>" + METADATA_PATH));
                continue;
            }
            String host = host(url);
            if (host.startsWith("istio.")) {
                findings.warning(
                        FindingCode.DEPRECATED_ENDPOINT,
                        pointer,
                        "metadata endpoint host " + Text.quote(host)
                                + " uses the deprecated istio. subdomain; prefer istio-metadata."
                                + host.substring("istio.".length()));
            }
            Cluster first = byHost.putIfAbsent(url.replaceAll("/+$", ""), member);
            if (first != null) {
                findings.error(
                        FindingCode.METADATA_ENDPOINT,
                        pointer,
                        "metadata endpoint " + Text.quote(url) + " is also the endpoint of cluster "
                                + Text.quote(first.name()) + "; each member publishes its own metadata");
            }
        }
    }

    private static String path(String url) {
        try {
            String path = new URI(url).getRawPath();
            return path == null ? "" : path;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String host(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? "" : host;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /**
     * Overlaps do not break a federation (traffic crosses gateways) but confuse operators; a
     * multicluster routes to remote pod and service IPs, so there they are errors (DOMAIN.md §1.7).
     */
    private static void subnets(Mesh mesh, List<Cluster> members, boolean unique, Findings findings) {
        // each CIDR parsed once: a 100-member mesh has 4,950 pairs
        List<Optional<Cidr>> pods =
                members.stream().map(c -> Cidr.parse(c.podSubnetCIDR())).toList();
        List<Optional<Cidr>> services =
                members.stream().map(c -> Cidr.parse(c.serviceSubnetCIDR())).toList();
        for (int i = 0; i < members.size(); i++) {
            for (int j = 0; j < i; j++) {
                Cluster a = members.get(j);
                Cluster b = members.get(i);
                if (Cidr.overlapping(pods.get(j), pods.get(i))) {
                    overlap(mesh, a, b, "podSubnetCIDR", a.podSubnetCIDR(), b.podSubnetCIDR(), unique, findings);
                }
                if (Cidr.overlapping(services.get(j), services.get(i))) {
                    overlap(
                            mesh,
                            a,
                            b,
                            "serviceSubnetCIDR",
                            a.serviceSubnetCIDR(),
                            b.serviceSubnetCIDR(),
                            unique,
                            findings);
                }
            }
        }
    }

    /** Reports that {@code second} (of {@code b}) overlaps {@code first} (of {@code a}). */
    private static void overlap(
            Mesh mesh,
            Cluster a,
            Cluster b,
            String field,
            String first,
            String second,
            boolean unique,
            Findings findings) {
        if (unique) {
            String kind = field.startsWith("pod") ? "pod" : "service";
            findings.error(
                    FindingCode.SUBNET_OVERLAP,
                    b.pointer() + "/" + field,
                    second + " overlaps cluster " + Text.quote(a.name()) + " (" + first
                            + "); multicluster members need unique " + kind + " subnets");
        } else {
            findings.warning(
                    FindingCode.SUBNET_OVERLAP,
                    b.pointer() + "/" + field,
                    second + " overlaps cluster " + Text.quote(a.name())
                            + " (" + first + "); federation " + Text.quote(mesh.name())
                            + " works through gateways, but overlapping subnets make logs and policies ambiguous");
        }
    }

    /** flatNetwork turns off the gateway hop (enableIngressGateway: false): DKP's single-network mode (MULTICLUSTER.md). */
    private static void flatNetwork(Mesh mesh, Findings findings) {
        if (!mesh.flatNetwork()) {
            return;
        }
        String pointer = mesh.pointer() + "/flatNetwork";
        if (mesh.provider() != Provider.ISTIO || mesh.type() != MeshType.MULTICLUSTER) {
            findings.warning(
                    FindingCode.INGRESS_GATEWAY,
                    pointer,
                    "flatNetwork applies to istio multicluster only; mesh " + Text.quote(mesh.name()) + " is "
                            + mesh.provider().label() + " " + mesh.type().label() + ", so it is ignored");
        } else {
            findings.warning(
                    FindingCode.INGRESS_GATEWAY,
                    pointer,
                    "flatNetwork renders enableIngressGateway: false, so members reach "
                            + "each other's pods directly (DKP's single-network mode, MULTICLUSTER.md); make sure every member routes the "
                            + "others' pod subnets");
        }
    }

    private static void ingressGateway(Mesh mesh, Findings findings) {
        IngressGateway gateway = mesh.ingressGateway();
        if (!gateway.declared()) {
            return;
        }
        if (mesh.type() == MeshType.SINGLE) {
            findings.warning(
                    FindingCode.INGRESS_GATEWAY,
                    gateway.pointer(),
                    "ingressGateway configures the federation/multicluster gateway; " + "mesh "
                            + Text.quote(mesh.name()) + " is single-cluster, so it is ignored");
            return;
        }
        if (gateway.inlet().equals(IngressGateway.NODE_PORT)) {
            if (gateway.nodePort().isEmpty()) {
                findings.error(
                        FindingCode.INGRESS_GATEWAY,
                        gateway.pointer() + "/inlet",
                        "inlet NodePort needs nodePort (1024..65535)");
            } else {
                int port = gateway.nodePort().get();
                if (port < NODE_PORT_RANGE_MIN || port > NODE_PORT_RANGE_MAX) {
                    findings.warning(
                            FindingCode.INGRESS_GATEWAY,
                            gateway.pointer() + "/nodePort",
                            "nodePort " + port
                                    + " is outside kube-apiserver's default --service-node-port-range 30000-32767; make sure the clusters allow it");
                }
            }
        } else if (gateway.nodePort().isPresent()) {
            findings.warning(
                    FindingCode.INGRESS_GATEWAY,
                    gateway.pointer() + "/nodePort",
                    "nodePort is used only with inlet NodePort; " + "inlet is " + gateway.inlet()
                            + ", so it is ignored");
        }
    }
}
