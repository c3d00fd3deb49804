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
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Mesh names, references to clusters, member counts, editions, and how meshes combine. */
final class MeshRules implements Rule {

    private final ProviderRules providers;

    /** @param providers what each mesh's provider answers ({@link MeshFacts#needsAlliance}) */
    MeshRules(ProviderRules providers) {
        this.providers = providers;
    }

    @Override
    public void check(Topology topology, Findings findings) {
        Rule.uniqueNames(topology.meshes(), Mesh::name, Mesh::pointer, "mesh", Set.of(), findings);
        unknownClusters(topology, findings);
        for (Mesh mesh : topology.meshes()) {
            members(mesh, findings);
            duplicateExports(mesh, findings);
            editions(topology, mesh, providers.of(mesh).needsAlliance(mesh.type()), findings);
            environments(topology, mesh, findings);
        }
        conflicts(topology, findings);
        residencyLabels(topology, findings);
    }

    /** A place the topology names a cluster. */
    private record Reference(String cluster, String pointer) {}

    /** Every place a cluster is named, in file order: mesh members, exports, callers, residency. */
    private static List<Reference> references(Topology topology) {
        List<Reference> references = new ArrayList<>();
        for (Mesh mesh : topology.meshes()) {
            for (int i = 0; i < mesh.clusters().size(); i++) {
                references.add(new Reference(mesh.clusters().get(i), mesh.pointer() + "/clusters/" + i));
            }
            mesh.exports()
                    .forEach(export -> references.add(new Reference(export.cluster(), export.pointer() + "/cluster")));
            for (AccessRule rule : mesh.access()) {
                rule.from()
                        .forEach(caller -> caller.cluster()
                                .ifPresent(c -> references.add(new Reference(c, caller.pointer() + "/cluster"))));
            }
        }
        for (Residency residency : topology.policies().residency()) {
            for (int i = 0; i < residency.allowedClusters().size(); i++) {
                references.add(new Reference(
                        residency.allowedClusters().get(i), residency.pointer() + "/allowedClusters/" + i));
            }
        }
        return references;
    }

    /** Names the topology uses for clusters that no cluster has. */
    static Set<String> undefined(Topology topology) {
        Set<String> names = new TreeSet<>();
        references(topology).stream()
                .map(Reference::cluster)
                .filter(c -> topology.cluster(c).isEmpty())
                .forEach(names::add);
        return names;
    }

    /** Meshes naming a cluster that does not exist: other findings about them may only follow from that. */
    static List<Mesh> unresolved(Topology topology) {
        return topology.meshes().stream()
                .filter(m -> m.clusters().stream()
                                .anyMatch(c -> topology.cluster(c).isEmpty())
                        || m.exports().stream()
                                .anyMatch(e -> topology.cluster(e.cluster()).isEmpty())
                        || m.access().stream()
                                .flatMap(a -> a.from().stream())
                                .flatMap(c -> c.cluster().stream())
                                .anyMatch(c -> topology.cluster(c).isEmpty()))
                .toList();
    }

    /**
     * An undefined cluster name is one mistake however often it is used: one finding, at its first
     * use, naming the other lines. A defined cluster used outside its mesh is a second kind of
     * mistake, unless the mesh itself names an undefined cluster (then it is most likely the typo).
     */
    private static void unknownClusters(Topology topology, Findings findings) {
        List<String> defined = topology.clusters().stream()
                .map(Cluster::name)
                .sorted()
                .distinct()
                .toList();
        Map<String, List<String>> uses = new LinkedHashMap<>();
        if (defined.size() < topology.clusters().size()) {
            // a cluster copied without renaming: its finding names the undefined names already
            return;
        }
        references(topology).stream()
                .filter(r -> topology.cluster(r.cluster()).isEmpty())
                .forEach(r -> uses.computeIfAbsent(r.cluster(), k -> new ArrayList<>())
                        .add(r.pointer()));
        uses.forEach((name, pointers) -> {
            Set<Integer> lines = new TreeSet<>();
            pointers.subList(1, pointers.size())
                    .forEach(p -> lines.add(findings.positions().valueAt(p).line()));
            lines.remove(findings.positions().valueAt(pointers.get(0)).line());
            String closest = Rule.closest(name, defined)
                    .map(c -> "; did you mean " + Text.quote(c) + "?")
                    .orElse("");
            findings.error(
                    FindingCode.UNKNOWN_REFERENCE,
                    pointers.get(0),
                    "unknown cluster " + Text.quote(name) + closest
                            + " (defined clusters: " + String.join(", ", defined) + ")"
                            + (lines.isEmpty()
                                    ? ""
                                    : "; also named at line" + (lines.size() == 1 ? " " : "s ")
                                            + lines.stream()
                                                    .map(String::valueOf)
                                                    .collect(Collectors.joining(", "))));
        });
        Set<Mesh> unresolved = Set.copyOf(unresolved(topology));
        for (Mesh mesh : topology.meshes()) {
            if (unresolved.contains(mesh)) {
                continue;
            }
            for (Export export : mesh.exports()) {
                if (!mesh.has(export.cluster())) {
                    findings.error(
                            FindingCode.UNKNOWN_REFERENCE,
                            export.pointer() + "/cluster",
                            "cluster " + Text.quote(export.cluster())
                                    + " exports a service but is not a member of mesh " + Text.quote(mesh.name())
                                    + "; add it to the mesh's clusters");
                }
            }
            for (AccessRule rule : mesh.access()) {
                for (AccessRule.Caller caller : rule.from()) {
                    caller.cluster()
                            .filter(cluster -> !mesh.has(cluster))
                            .ifPresent(cluster -> findings.error(
                                    FindingCode.UNKNOWN_REFERENCE,
                                    caller.pointer() + "/cluster",
                                    "caller cluster " + Text.quote(cluster) + " is not a member of mesh "
                                            + Text.quote(mesh.name()) + "; only members can call through it"
                                            + viaOtherMesh(topology, mesh, rule, cluster)));
                }
            }
        }
    }

    /**
     * Where the caller shares another mesh with the rule's cluster(s), the way to admit it: a rule in
     * that mesh. Both rules protect the same target, and its policy admits the callers of both.
     */
    private static String viaOtherMesh(Topology topology, Mesh mesh, AccessRule rule, String caller) {
        for (Mesh other : topology.meshes()) {
            if (other == mesh || other.provider() != mesh.provider() || !other.has(caller)) {
                continue;
            }
            Optional<String> shared =
                    other.clusters().stream().filter(mesh::has).findFirst();
            if (shared.isPresent()) {
                return "; to admit callers from " + Text.quote(caller) + ", write an access rule for "
                        + rule.namespace() + rule.service().map(s -> "/" + s).orElse("")
                        + " in mesh " + Text.quote(other.name()) + ", which " + Text.quote(caller) + " shares with "
                        + Text.quote(shared.get())
                        + ": the rules of every mesh that protect one target add up in its policy";
            }
        }
        return "";
    }

    private static void members(Mesh mesh, Findings findings) {
        int n = mesh.clusters().size();
        if (mesh.type() == MeshType.SINGLE && n != 1) {
            findings.error(
                    FindingCode.MESH_MEMBERS,
                    mesh.pointer() + "/clusters",
                    "a mesh of type single has exactly one cluster, " + Text.quote(mesh.name()) + " lists " + n
                            + "; use federation or multicluster to join clusters");
        } else if (mesh.type() != MeshType.SINGLE && n < 2) {
            findings.error(
                    FindingCode.MESH_MEMBERS,
                    mesh.pointer() + "/clusters",
                    "a " + mesh.type().label() + " joins at least two clusters, " + Text.quote(mesh.name()) + " lists "
                            + n + "; use type single for one cluster");
        }
    }

    /**
     * An export listed twice is harmless, hence a warning: the planners key exports by cluster and
     * Service, so the second renders nothing. It is still a mistake (often an edit meant for another
     * Service). The same Service with other ports is CiliumRules' error, not a duplicate.
     */
    private static void duplicateExports(Mesh mesh, Findings findings) {
        Map<List<Object>, Export> seen = new HashMap<>();
        for (Export export : mesh.exports()) {
            List<Object> key = List.of(
                    export.cluster(),
                    export.key(),
                    export.ports().stream()
                            .map(p -> List.of(p.name(), p.port(), p.protocol()))
                            .toList());
            Export first = seen.putIfAbsent(key, export);
            if (first != null) {
                findings.warning(
                        FindingCode.SCHEMA_OTHER,
                        export.pointer(),
                        "cluster " + Text.quote(export.cluster()) + " already exports " + export.key() + " at line "
                                + findings.positions().valueAt(first.pointer()).line()
                                + "; an export is listed once per mesh, so remove this entry");
            }
        }
    }

    /**
     * DKP ships istio federation and multicluster in EE and CSE Pro only (DOMAIN.md §6); whether a
     * mesh is one is its provider's answer ({@link MeshFacts#needsAlliance}).
     */
    private static void editions(Topology topology, Mesh mesh, boolean alliance, Findings findings) {
        if (!alliance) {
            return;
        }
        for (String name : mesh.clusters()) {
            topology.cluster(name)
                    .filter(c -> !c.edition().offersAlliance())
                    .ifPresent(
                            cluster -> findings.error(
                                    FindingCode.EDITION,
                                    cluster.pointer() + "/edition",
                                    "cluster " + Text.quote(cluster.name()) + " runs DKP "
                                            + cluster.edition().label()
                                            + ", which has no "
                                            + mesh.provider().label() + " "
                                            + mesh.type().label() + "; mesh " + Text.quote(mesh.name())
                                            + " needs EE or CSE-Pro on every member (a single-cluster mesh works on every edition)"));
        }
    }

    private static void environments(Topology topology, Mesh mesh, Findings findings) {
        if (topology.policies().allowCrossEnvironment()) {
            return;
        }
        Set<String> environments = new TreeSet<>();
        mesh.clusters()
                .forEach(name ->
                        topology.cluster(name).flatMap(Cluster::environment).ifPresent(environments::add));
        if (environments.contains("prod") && environments.size() > 1) {
            findings.error(
                    FindingCode.CROSS_ENVIRONMENT,
                    mesh.pointer() + "/clusters",
                    "mesh " + Text.quote(mesh.name())
                            + " joins prod with "
                            + environments.stream()
                                    .filter(e -> !e.equals("prod"))
                                    .toList()
                            + " clusters; keep production meshes separate or set spec.policies.allowCrossEnvironment: true");
        }
        List<String> undeclared = mesh.clusters().stream()
                .filter(name -> topology.cluster(name)
                        .filter(c -> c.environment().isEmpty())
                        .isPresent())
                .distinct()
                .toList();
        if (!environments.isEmpty() && !undeclared.isEmpty()) {
            List<String> declared = mesh.clusters().stream()
                    .distinct()
                    .flatMap(name -> topology.cluster(name).stream())
                    .filter(c -> c.environment().isPresent())
                    .map(c -> c.name() + " (" + c.environment().get() + ")")
                    .toList();
            findings.warning(
                    FindingCode.UNDECLARED_ENVIRONMENT,
                    mesh.memberPointer(undeclared.get(0)),
                    "mesh " + Text.quote(mesh.name())
                            + " joins " + String.join(", ", declared) + " with " + String.join(", ", undeclared)
                            + ", which declare no environment, so whether it mixes prod with other environments cannot be checked;"
                            + " set environment on " + (undeclared.size() == 1 ? "that cluster" : "those clusters"));
        }
    }

    /** Allowed labels that no cluster carries admit no cluster: almost always a misspelt label. */
    private static void residencyLabels(Topology topology, Findings findings) {
        for (Residency residency : topology.policies().residency()) {
            if (residency.allowedLabels().isEmpty()
                    || !residency.allowedClusters().isEmpty()
                    || topology.clusters().stream().anyMatch(residency::allows)) {
                continue;
            }
            String labelled = topology.clusters().stream()
                    .filter(c -> !c.labels().isEmpty())
                    .map(c -> c.name() + " " + new TreeMap<>(c.labels()))
                    .collect(Collectors.joining(", "));
            findings.warning(
                    FindingCode.RESIDENCY_MATCHES_NOTHING,
                    residency.pointer() + "/allowedLabels",
                    "residency of namespace "
                            + Text.quote(residency.namespace()) + " allows clusters labelled "
                            + new TreeMap<>(residency.allowedLabels())
                            + ", but no cluster has these labels, so the namespace may live on no cluster; check the spelling ("
                            + (labelled.isEmpty() ? "no cluster has labels" : "clusters' labels: " + labelled) + ")");
        }
    }

    /** Two clusters may not be federated and multiclustered at once: their trust domains contradict. */
    private static void conflicts(Topology topology, Findings findings) {
        List<Mesh> meshes = topology.meshes();
        for (int a = 0; a < meshes.size(); a++) {
            for (int b = a + 1; b < meshes.size(); b++) {
                Mesh first = meshes.get(a);
                Mesh second = meshes.get(b);
                if (first.type() == MeshType.SINGLE
                        || second.type() == MeshType.SINGLE
                        || (first.type() == second.type() && first.provider() == second.provider())) {
                    continue;
                }
                sharedPair(first, second)
                        .ifPresent(pair -> findings.error(
                                FindingCode.CONFLICTING_MESHES,
                                second.pointer() + "/type",
                                "clusters " + Text.quote(pair.get(0)) + " and " + Text.quote(pair.get(1))
                                        + " are linked by " + describe(first)
                                        + " " + Text.quote(first.name()) + " and by " + describe(second) + " "
                                        + Text.quote(second.name())
                                        + "; a pair of clusters can be joined by one mesh model only"));
            }
        }
    }

    private static String describe(Mesh mesh) {
        return mesh.provider().label() + " " + mesh.type().label();
    }

    private static Optional<List<String>> sharedPair(Mesh first, Mesh second) {
        List<String> shared =
                first.clusters().stream().filter(second::has).distinct().toList();
        return shared.size() >= 2 ? Optional.of(shared.subList(0, 2)) : Optional.empty();
    }
}
