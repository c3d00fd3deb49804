package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Policies.Residency;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Mesh names, references to clusters, member counts, editions, and how meshes combine. */
final class MeshRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        Rule.uniqueNames(topology.meshes(), Mesh::name, Mesh::pointer, "mesh", findings);
        for (Mesh mesh : topology.meshes()) {
            references(topology, mesh, findings);
            members(mesh, findings);
            editions(topology, mesh, findings);
            environments(topology, mesh, findings);
        }
        for (Residency residency : topology.policies().residency()) {
            for (int i = 0; i < residency.allowedClusters().size(); i++) {
                known(topology, residency.allowedClusters().get(i), residency.pointer() + "/allowedClusters/" + i, findings);
            }
        }
        conflicts(topology, findings);
    }

    private static void references(Topology topology, Mesh mesh, Findings findings) {
        for (int i = 0; i < mesh.clusters().size(); i++) {
            known(topology, mesh.clusters().get(i), mesh.pointer() + "/clusters/" + i, findings);
        }
        for (Export export : mesh.exports()) {
            if (known(topology, export.cluster(), export.pointer() + "/cluster", findings) && !mesh.has(export.cluster())) {
                findings.error(FindingCode.UNKNOWN_REFERENCE, export.pointer() + "/cluster", "cluster " + Text.quote(export.cluster())
                        + " exports a service but is not a member of mesh " + Text.quote(mesh.name()) + "; add it to the mesh's clusters");
            }
        }
        for (AccessRule rule : mesh.access()) {
            for (AccessRule.Caller caller : rule.from()) {
                caller.cluster().ifPresent(cluster -> {
                    if (known(topology, cluster, caller.pointer() + "/cluster", findings) && !mesh.has(cluster)) {
                        findings.error(FindingCode.UNKNOWN_REFERENCE, caller.pointer() + "/cluster", "caller cluster " + Text.quote(cluster)
                                + " is not a member of mesh " + Text.quote(mesh.name()) + "; only members can call through it");
                    }
                });
            }
        }
    }

    private static boolean known(Topology topology, String cluster, String pointer, Findings findings) {
        if (topology.cluster(cluster).isPresent()) {
            return true;
        }
        findings.error(FindingCode.UNKNOWN_REFERENCE, pointer, "unknown cluster " + Text.quote(cluster)
                + "; defined clusters: " + topology.clusters().stream().map(Cluster::name).sorted().toList());
        return false;
    }

    private static void members(Mesh mesh, Findings findings) {
        int n = mesh.clusters().size();
        if (mesh.type() == MeshType.SINGLE && n != 1) {
            findings.error(FindingCode.MESH_MEMBERS, mesh.pointer() + "/clusters", "a mesh of type single has exactly one cluster, "
                    + Text.quote(mesh.name()) + " lists " + n + "; use federation or multicluster to join clusters");
        } else if (mesh.type() != MeshType.SINGLE && n < 2) {
            findings.error(FindingCode.MESH_MEMBERS, mesh.pointer() + "/clusters", "a " + mesh.type().label()
                    + " joins at least two clusters, " + Text.quote(mesh.name()) + " lists " + n + "; use type single for one cluster");
        }
    }

    /** DKP ships istio federation and multicluster in EE and CSE Pro only (DOMAIN.md §6). */
    private static void editions(Topology topology, Mesh mesh, Findings findings) {
        if (mesh.provider() != Provider.ISTIO || mesh.type() == MeshType.SINGLE) {
            return;
        }
        for (String name : mesh.clusters()) {
            topology.cluster(name).filter(c -> !c.edition().offersAlliance()).ifPresent(cluster -> findings.error(FindingCode.EDITION,
                    cluster.pointer() + "/edition", "cluster " + Text.quote(cluster.name()) + " runs DKP " + cluster.edition().label()
                            + ", which has no istio " + mesh.type().label() + "; mesh " + Text.quote(mesh.name())
                            + " needs EE or CSE-Pro on every member (a single-cluster mesh works on every edition)"));
        }
    }

    private static void environments(Topology topology, Mesh mesh, Findings findings) {
        if (topology.policies().allowCrossEnvironment()) {
            return;
        }
        Set<String> environments = new TreeSet<>();
        mesh.clusters().forEach(name -> topology.cluster(name).flatMap(Cluster::environment).ifPresent(environments::add));
        if (environments.contains("prod") && environments.size() > 1) {
            findings.error(FindingCode.CROSS_ENVIRONMENT, mesh.pointer() + "/clusters", "mesh " + Text.quote(mesh.name())
                    + " joins prod with " + environments.stream().filter(e -> !e.equals("prod")).toList()
                    + " clusters; keep production meshes separate or set spec.policies.allowCrossEnvironment: true");
        }
    }

    /** Two clusters may not be federated and multiclustered at once: their trust domains contradict. */
    private static void conflicts(Topology topology, Findings findings) {
        List<Mesh> meshes = topology.meshes();
        for (int a = 0; a < meshes.size(); a++) {
            for (int b = a + 1; b < meshes.size(); b++) {
                Mesh first = meshes.get(a);
                Mesh second = meshes.get(b);
                if (first.type() == MeshType.SINGLE || second.type() == MeshType.SINGLE
                        || (first.type() == second.type() && first.provider() == second.provider())) {
                    continue;
                }
                sharedPair(first, second).ifPresent(pair -> findings.error(FindingCode.CONFLICTING_MESHES, second.pointer() + "/type",
                        "clusters " + Text.quote(pair.get(0)) + " and " + Text.quote(pair.get(1)) + " are linked by " + describe(first)
                                + " " + Text.quote(first.name()) + " and by " + describe(second) + " " + Text.quote(second.name())
                                + "; a pair of clusters can be joined by one mesh model only"));
            }
        }
    }

    private static String describe(Mesh mesh) {
        return mesh.provider().label() + " " + mesh.type().label();
    }

    private static Optional<List<String>> sharedPair(Mesh first, Mesh second) {
        List<String> shared = first.clusters().stream().filter(second::has).distinct().toList();
        return shared.size() >= 2 ? Optional.of(shared.subList(0, 2)) : Optional.empty();
    }
}
