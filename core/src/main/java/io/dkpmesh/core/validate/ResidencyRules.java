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

/**
 * A residency-bound namespace may be reached only from its allowed clusters: an export, a shared
 * namespace or an access rule that opens it to any other cluster is an error at that line.
 */
final class ResidencyRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Residency residency : topology.policies().residency()) {
            for (Mesh mesh : topology.meshes()) {
                List<String> outside = outside(topology, residency, mesh.clusters());
                if (mesh.type() == MeshType.FEDERATION) {
                    for (Export export : mesh.exports()) {
                        if (export.namespace().equals(residency.namespace())) {
                            report(residency, mesh, export.pointer(), outside(topology, residency,
                                    mesh.clusters().stream().filter(c -> !c.equals(export.cluster())).toList()), "exporting it", findings);
                        }
                    }
                }
                if (mesh.type() == MeshType.MULTICLUSTER) {
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
                        report(residency, mesh, caller.pointer(), outside(topology, residency, callers), "admitting this caller", findings);
                    }
                }
            }
        }
    }

    private static List<String> outside(Topology topology, Residency residency, List<String> clusters) {
        return clusters.stream().map(topology::cluster).flatMap(Optional::stream).filter(c -> !residency.allows(c)).map(Cluster::name).toList();
    }

    private static void report(Residency residency, Mesh mesh, String pointer, List<String> outside, String action, Findings findings) {
        if (outside.isEmpty()) {
            return;
        }
        findings.error(FindingCode.RESIDENCY, pointer, "namespace " + Text.quote(residency.namespace()) + " must stay on "
                + (residency.allowedClusters().isEmpty() ? "clusters labelled " + new java.util.TreeMap<>(residency.allowedLabels()) : residency.allowedClusters().toString())
                + " (residency at " + residency.pointer() + "); " + action + " in mesh " + Text.quote(mesh.name()) + " exposes it to " + outside);
    }
}
