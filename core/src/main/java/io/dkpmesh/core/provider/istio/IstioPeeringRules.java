package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What DKP decides per cluster, not per mesh, when a cluster is in several Istio meshes: a topology
 * that asks for less is refused at the line that asks it, with what DKP does and what to write.
 *
 * <ul>
 *   <li>Exports: DKP's metadata exporter serves every Service labelled
 *       {@code federation.istio.deckhouse.io/public-service=} to every IstioFederation peer of the
 *       cluster (deckhouse {@code ee/modules/110-istio/templates/metadata-exporter/}; each peer then
 *       renders a ServiceEntry per public service, {@code ee/modules/110-istio/templates/federation/remote-services.yaml}),
 *       so an export in one federation is an export in every federation of that cluster.</li>
 *   <li>Trust domains: an Istio identity names only trust domain, namespace and service account
 *       ({@code spiffe://<trust domain>/ns/<ns>/sa/<sa>}, istio {@code pkg/spiffe/spiffe.go}); a
 *       multicluster peer shares its member's trust domain (DKP: clusterDomain), so a federation
 *       rule admitting that member's namespace admits the peer's namespace too.</li>
 * </ul>
 */
public final class IstioPeeringRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        List<Mesh> federations = topology.meshes().stream()
                .filter(m -> m.provider() == Provider.ISTIO && m.type() == MeshType.FEDERATION)
                .toList();
        for (Mesh mesh : federations) {
            for (Export export : mesh.exports()) {
                List<String> missing = federations.stream()
                        .filter(other -> other != mesh && other.has(export.cluster()))
                        .filter(other -> other.exports().stream()
                                .noneMatch(e -> e.cluster().equals(export.cluster())
                                        && e.key().equals(export.key())))
                        .map(Mesh::name)
                        .toList();
                if (!missing.isEmpty()) {
                    findings.error(
                            FindingCode.EXPORT_TO_EVERY_FEDERATION,
                            export.pointer(),
                            "cluster " + Text.quote(export.cluster()) + " exports "
                                    + Text.quote(export.key()) + " in federation " + Text.quote(mesh.name())
                                    + " but not in " + names(missing)
                                    + "; DKP exports a Service by the label federation.istio.deckhouse.io/public-service, and its metadata exporter "
                                    + "offers every labelled Service to every IstioFederation peer of the cluster, so the members of "
                                    + names(missing) + " would reach it too; add {cluster: " + export.cluster()
                                    + ", namespace: " + export.namespace() + ", service: " + export.service()
                                    + "} to the exports of " + names(missing)
                                    + " as well (protect it with an access rule there if its members must not call it), or remove this export");
                }
            }
            for (AccessRule rule : mesh.access()) {
                sharedTrustDomains(topology, mesh, rule, findings);
            }
        }
    }

    /**
     * The callers of a federation rule whose principals, by trust domain, also name a cluster
     * outside the federation that reaches the protected service, unless another mesh's rule
     * covering that service lists it.
     */
    private static void sharedTrustDomains(Topology topology, Mesh mesh, AccessRule rule, Findings findings) {
        List<String> exporters = mesh.exporters(rule.namespace(), rule.service());
        for (AccessRule.Caller caller : rule.from()) {
            if (caller.cluster().filter(c -> !mesh.has(c)).isPresent()) {
                continue; // MeshRules: a caller cluster outside the mesh is DKPM202
            }
            List<String> domainsOf = caller.cluster().map(List::of).orElse(mesh.clusters());
            Set<String> domains = new LinkedHashSet<>();
            domainsOf.forEach(c -> domain(topology, c).ifPresent(domains::add));
            Set<String> outsiders = new LinkedHashSet<>();
            List<String> via = new ArrayList<>();
            for (String exporter : exporters) {
                for (Mesh other : topology.meshes()) {
                    if (other == mesh || other.provider() != Provider.ISTIO || !other.has(exporter)) {
                        continue;
                    }
                    for (String peer : other.clusters()) {
                        if (mesh.has(peer)
                                || !reaches(other, exporter, rule)
                                || domain(topology, peer)
                                        .filter(domains::contains)
                                        .isEmpty()
                                || listedElsewhere(topology, mesh, exporter, peer, rule, caller)) {
                            continue;
                        }
                        if (outsiders.add(peer)) {
                            via.add(Text.quote(peer) + " (trust domain "
                                    + Text.quote(domain(topology, peer).orElseThrow())
                                    + ", reaching " + Text.quote(exporter) + " through "
                                    + other.type().name().toLowerCase(java.util.Locale.ROOT)
                                    + " " + Text.quote(other.name()) + ")");
                        }
                    }
                }
            }
            if (outsiders.isEmpty()) {
                continue;
            }
            String target = rule.namespace() + rule.service().map(s -> "/" + s).orElse("");
            String callers =
                    caller.namespace().map(ns -> "namespace " + Text.quote(ns)).orElse("every namespace");
            findings.error(
                    FindingCode.ACCESS_SHARED_TRUST_DOMAIN,
                    caller.pointer(),
                    "this caller of " + Text.quote(target) + " in federation " + Text.quote(mesh.name())
                            + " also admits "
                            + callers + " of " + String.join(", ", via)
                            + ": the AuthorizationPolicy admits callers by principal (trust domain, namespace, service account), and "
                            + "those clusters share the trust domain of a member, so Istio cannot tell their pods apart; if they may call it, "
                            + "add the same access rule (namespace " + rule.namespace()
                            + rule.service().map(s -> ", service " + s).orElse("")
                            + ") to the mesh they reach it through; if they must not, give them another clusterDomain (trust domain), "
                            + "or do not admit this caller");
        }
    }

    /** Whether the members of {@code other} reach the rule's target in {@code exporter}. */
    private static boolean reaches(Mesh other, String exporter, AccessRule rule) {
        return switch (other.type()) {
            case MULTICLUSTER -> true;
            case FEDERATION ->
                !other.exporters(rule.namespace(), rule.service()).isEmpty()
                        && other.exporters(rule.namespace(), rule.service()).contains(exporter);
            case SINGLE -> false;
        };
    }

    /** Whether an access rule of another mesh of both clusters covers the target and lists the caller's namespace of {@code peer}. */
    private static boolean listedElsewhere(
            Topology topology, Mesh mesh, String exporter, String peer, AccessRule rule, AccessRule.Caller caller) {
        for (Mesh other : topology.meshes()) {
            if (other == mesh || !other.has(exporter) || !other.has(peer)) {
                continue;
            }
            for (AccessRule covering : other.access()) {
                if (!covering.namespace().equals(rule.namespace())
                        || !(covering.service().isEmpty() || covering.service().equals(rule.service()))) {
                    continue;
                }
                for (AccessRule.Caller from : covering.from()) {
                    boolean cluster = from.cluster().map(peer::equals).orElse(true);
                    boolean namespace =
                            from.namespace().isEmpty() || from.namespace().equals(caller.namespace());
                    if (cluster && namespace) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Optional<String> domain(Topology topology, String cluster) {
        return topology.cluster(cluster).map(Cluster::clusterDomain);
    }

    private static String names(List<String> meshes) {
        return String.join(", ", meshes.stream().map(Text::quote).toList());
    }
}
