package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Policies.Residency;
import io.dkpmesh.core.model.Topology;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A residency-bound namespace may be reached only from its allowed clusters: an export, a shared
 * namespace or an access rule that opens it to any other cluster is an error at that line. A
 * provider whose multicluster shares every namespace, listed or not, says so
 * ({@link MeshFacts#sharesEveryNamespace}) and judges it in its own rule, as it does a traffic rule
 * steering the namespace's callers into a region of other clusters (Istio's, at
 * {@link Rule.Point#AFTER_RESIDENCY}); they report with {@link #report}.
 */
public final class ResidencyRules implements Rule {

    private final ProviderRules providers;

    /** @param providers what each mesh's provider answers ({@link MeshFacts#sharesEveryNamespace}) */
    ResidencyRules(ProviderRules providers) {
        this.providers = providers;
    }

    @Override
    public void check(Topology topology, Findings findings) {
        for (Residency residency : topology.policies().residency()) {
            for (Mesh mesh : topology.meshes()) {
                List<String> outside = outside(topology, residency, mesh.clusters());
                if (mesh.type() == MeshType.FEDERATION) {
                    for (Export export : mesh.exports()) {
                        if (export.namespace().equals(residency.namespace())) {
                            report(
                                    residency,
                                    mesh,
                                    export.pointer(),
                                    outside(
                                            topology,
                                            residency,
                                            // its peers: a hub-and-spoke mesh offers a spoke's export to the hubs only
                                            mesh.peersOf(export.cluster())),
                                    "exporting it",
                                    findings);
                        }
                    }
                }
                if (mesh.type() == MeshType.MULTICLUSTER && !providers.of(mesh).sharesEveryNamespace(mesh)) {
                    int i = mesh.namespaces().indexOf(residency.namespace());
                    if (i >= 0) {
                        report(residency, mesh, mesh.pointer() + "/namespaces/" + i, outside, "sharing it", findings);
                    }
                }
                for (AccessRule rule : mesh.access()) {
                    if (!rule.namespace().equals(residency.namespace())) {
                        continue;
                    }
                    for (Caller caller : rule.from()) {
                        List<String> callers = caller.cluster().map(List::of).orElse(mesh.clusters());
                        report(
                                residency,
                                mesh,
                                caller.pointer(),
                                outside(topology, residency, callers),
                                "admitting this caller",
                                findings);
                    }
                }
            }
        }
    }

    /** The clusters a residency allows, as its findings name them. */
    public static String allowed(Residency residency) {
        return residency.allowedClusters().isEmpty()
                ? "clusters labelled " + new TreeMap<>(residency.allowedLabels())
                : residency.allowedClusters().toString();
    }

    /** Those of {@code clusters} that the residency does not allow. */
    public static List<String> outside(Topology topology, Residency residency, List<String> clusters) {
        return clusters.stream()
                .map(topology::cluster)
                .flatMap(Optional::stream)
                .filter(c -> !residency.allows(c))
                .map(Cluster::name)
                .toList();
    }

    /** The error that {@code action} in {@code mesh} exposes the namespace to {@code outside}, unless none. */
    public static void report(
            Residency residency, Mesh mesh, String pointer, List<String> outside, String action, Findings findings) {
        if (outside.isEmpty()) {
            return;
        }
        findings.error(
                FindingCode.RESIDENCY,
                pointer,
                "namespace " + Text.quote(residency.namespace()) + " must stay on "
                        + allowed(residency)
                        + " (residency at " + residency.pointer() + "); " + action + " in mesh "
                        + Text.quote(mesh.name()) + " exposes it to " + outside);
    }
}
