package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the topology asks of each caller and target, and the findings where the matrix computed
 * from the rendered objects says otherwise. The topology asks:
 *
 * <ul>
 *   <li>reach: a caller reaches a target in its own cluster, in a multicluster peer, and in a
 *       federation peer only when that peer exports the Service in a federation they share, or when
 *       that peer's gateway carries multicluster traffic too, so that no boundary stands on it;</li>
 *   <li>access: where access rules cover a target (the rule's namespace, and its service or every
 *       service), only the callers some covering rule lists are admitted; a caller without a cluster
 *       is that namespace in any member of the rule's mesh. An Istio federation rule covers the
 *       target where it is exported (where its AuthorizationPolicy goes), a Cilium federation rule on an exported Service
 *       where it is exported (where its pods run), other rules every member.</li>
 * </ul>
 */
public final class AccessIntent {

    /** Mismatches listed per finding before the rest are counted. */
    static final int LISTED = 5;

    private final Topology topology;
    /** {@code mesh index/cluster/namespace/service} of every export. */
    private final java.util.Set<String> exports = new java.util.HashSet<>();
    /** The meshes of each cluster. */
    private final Map<String, List<Mesh>> meshes = new java.util.HashMap<>();
    /** The members of each mesh, for lookups a full mesh makes N² times. */
    private final Map<Mesh, java.util.Set<String>> members = new java.util.IdentityHashMap<>();

    private final Map<Mesh, Integer> index = new java.util.IdentityHashMap<>();
    /** The exporters of what each access rule of an Istio federation covers, looked up once per rule. */
    private final Map<AccessRule, java.util.Set<String>> exporters = new java.util.IdentityHashMap<>();

    /** The meshes whose provider the matrix does not model: nothing is asked of their members' targets. */
    private final UnmodelledMeshes unmodelled;

    public AccessIntent(Topology topology) {
        this(topology, java.util.Set.of());
    }

    /**
     * What the topology asks, checked only where the matrix models the providers: a target in a
     * member of an {@code unmodelled} provider's mesh has unknown verdicts ({@link UnmodelledMeshes}).
     */
    public AccessIntent(Topology topology, java.util.Set<Provider> unmodelled) {
        this.topology = topology;
        this.unmodelled = UnmodelledMeshes.of(topology, unmodelled);
        for (int i = 0; i < topology.meshes().size(); i++) {
            Mesh mesh = topology.meshes().get(i);
            for (io.dkpmesh.core.model.Export export : mesh.exports()) {
                exports.add(i + "/" + export.cluster() + "/" + export.namespace() + "/" + export.service());
            }
            mesh.clusters()
                    .forEach(c ->
                            meshes.computeIfAbsent(c, k -> new ArrayList<>()).add(mesh));
            members.put(mesh, java.util.Set.copyOf(mesh.clusters()));
            index.put(mesh, i);
            if (mesh.provider() == Provider.ISTIO && mesh.type() == MeshType.FEDERATION) {
                for (AccessRule rule : mesh.access()) {
                    exporters.put(rule, java.util.Set.copyOf(mesh.exporters(rule.namespace(), rule.service())));
                }
            }
        }
    }

    /**
     * Whether a caller sends plain text: the pods without a sidecar, and a platform caller that never
     * runs with one (Prometheus). The topology's rules name identities, so it asks nothing of them:
     * their verdicts are the platform's (the target's mTLS mode, the gateways), shown in the matrix
     * and not compared here.
     */
    static boolean plainText(Caller caller) {
        return !caller.sidecar()
                || AccessRule.Platform.running(caller.namespace(), caller.runsAs())
                        .map(p -> p.sidecar() == AccessRule.Platform.Sidecar.NEVER)
                        .orElse(false);
    }

    /** Whether the topology asks that the caller may call the target. */
    public boolean expected(Target target, Caller caller) {
        List<Covering> rules = covering(target);
        return reachable(target, reaching(target), caller.cluster()) && (rules.isEmpty() || listed(rules, caller));
    }

    /**
     * The members of each mesh through which other clusters reach the target: a multicluster, or a
     * federation that exports it.
     */
    private List<java.util.Set<String>> reaching(Target target) {
        List<java.util.Set<String>> reaching = new ArrayList<>();
        String key = null;
        for (Mesh mesh : meshes.getOrDefault(target.cluster(), List.of())) {
            if (mesh.type() == MeshType.MULTICLUSTER) {
                reaching.add(peered(mesh, target.cluster()));
            } else if (mesh.type() == MeshType.FEDERATION) {
                if (key == null) {
                    key = "/" + target;
                }
                // without a boundary on the member's federation gateway (it carries multicluster traffic too), peers
                // reach its unexported Services as well (IstioPlanner renders the boundary otherwise)
                if (exports.contains(index.get(mesh) + key)
                        || Mesh.gatewayCarriesMulticluster(meshes.getOrDefault(target.cluster(), List.of()))) {
                    reaching.add(peered(mesh, target.cluster()));
                }
            }
        }
        return reaching;
    }

    /**
     * The clusters a mesh links to a member: all members in a full mesh; in a hub-and-spoke mesh the
     * member and its peers (a spoke is not linked to another spoke).
     */
    private java.util.Set<String> peered(Mesh mesh, String member) {
        if (!mesh.hubAndSpoke()) {
            return members.get(mesh);
        }
        return peeredSets.computeIfAbsent(mesh, m -> new java.util.HashMap<>()).computeIfAbsent(member, c -> {
            java.util.Set<String> set = new java.util.HashSet<>(mesh.peersOf(c));
            set.add(c);
            return java.util.Set.copyOf(set);
        });
    }

    private final Map<Mesh, Map<String, java.util.Set<String>>> peeredSets = new java.util.IdentityHashMap<>();

    private static boolean reachable(Target target, List<java.util.Set<String>> reaching, String caller) {
        if (caller.equals(target.cluster())) {
            return true;
        }
        for (java.util.Set<String> members : reaching) {
            if (members.contains(caller)) {
                return true;
            }
        }
        return false;
    }

    private record Covering(Mesh mesh, java.util.Set<String> members, AccessRule rule) {}

    private List<Covering> covering(Target target) {
        List<Covering> rules = new ArrayList<>();
        for (Mesh mesh : meshes.getOrDefault(target.cluster(), List.of())) {
            for (AccessRule rule : mesh.access()) {
                if (!rule.namespace().equals(target.namespace())
                        || !rule.service().map(target.service()::equals).orElse(true)) {
                    continue;
                }
                if (mesh.provider() == Provider.ISTIO
                        && mesh.type() == MeshType.FEDERATION
                        && !exporters.get(rule).contains(target.cluster())) {
                    continue;
                }
                if (mesh.provider() == Provider.CILIUM && !mesh.ciliumRuleRunsIn(rule, target.cluster())) {
                    continue;
                }
                rules.add(new Covering(mesh, members.get(mesh), rule));
            }
        }
        return rules;
    }

    private static boolean lists(Covering covering, Caller caller) {
        for (AccessRule.Caller from : covering.rule().from()) {
            boolean cluster = from.cluster().isPresent()
                    ? from.cluster().get().equals(caller.cluster())
                    : covering.members().contains(caller.cluster());
            if (cluster
                    && (from.namespace().isEmpty() || from.namespace().get().equals(caller.namespace()))
                    && (from.serviceAccount().isEmpty()
                            || from.serviceAccount().get().equals(caller.serviceAccount()))
                    && !from.withoutIdentityIn(covering.mesh().provider())) {
                return true;
            }
        }
        return false;
    }

    private static boolean listed(List<Covering> rules, Caller caller) {
        for (Covering rule : rules) {
            if (lists(rule, caller)) {
                return true;
            }
        }
        return false;
    }

    /** Adds one error per rule (or mesh boundary) and direction where the matrix differs from what is asked. */
    public void check(AccessMatrix matrix, Findings findings) {
        Map<String, List<String>> more = new LinkedHashMap<>();
        Map<String, List<String>> less = new LinkedHashMap<>();
        Map<IdentityKey, Map<DecisionRow.Segment, Boolean>> agreeing = new java.util.HashMap<>();
        Map<RowQuestion, Boolean> answered = new java.util.HashMap<>();
        for (TargetAccess access : matrix.targets()) {
            Target target = access.target();
            if (unmodelled.covers(target.cluster())) {
                continue;
            }
            List<Covering> rules = covering(target);
            List<java.util.Set<String>> reaching = reaching(target);
            if (access.decisions() instanceof DecisionRow row) {
                // targets of a cluster share rows (its unexported Services alike): one answer per row and question
                RowQuestion question = new RowQuestion(row, rulesKey(rules), reaching, target.cluster());
                Boolean agrees = answered.get(question);
                if (agrees == null) {
                    agrees = agrees(target, row, rules, reaching, agreeing);
                    answered.put(question, agrees);
                }
                if (agrees) {
                    continue;
                }
            }
            // a target that differs somewhere: caller by caller, to list each pair
            // callers come cluster by cluster: reach is decided once per caller cluster
            String cluster = null;
            boolean reach = false;
            for (Decision decision : access.decisions()) {
                Caller caller = decision.caller();
                if (plainText(caller)) {
                    continue;
                }
                if (!caller.cluster().equals(cluster)) {
                    cluster = caller.cluster();
                    reach = reachable(target, reaching, cluster);
                }
                boolean expected = reach && (rules.isEmpty() || listed(rules, caller));
                if (expected == decision.admitted()) {
                    continue;
                }
                String pointer = rules.isEmpty()
                        ? boundary(target, decision.caller())
                        : rules.get(0).rule().pointer();
                String pair = decision.caller() + " -> " + target
                        + (decision.by().isEmpty()
                                ? " (" + decision.reason() + ")"
                                : " (" + String.join(", ", decision.by()) + ": " + decision.reason() + ")");
                (decision.admitted() ? more : less)
                        .computeIfAbsent(pointer, p -> new ArrayList<>())
                        .add(pair);
            }
        }
        more.forEach(
                (pointer, pairs) -> findings.error(
                        FindingCode.ACCESS_MISMATCH,
                        pointer,
                        "the rendered policies admit callers this part of the topology does not: " + listed(pairs)
                                + "; this is a dkp-mesh defect (the policy does not do what the topology says), please report it with the topology"));
        less.forEach(
                (pointer, pairs) -> findings.error(
                        FindingCode.ACCESS_MISMATCH,
                        pointer,
                        "the rendered policies refuse callers this part of the topology admits: " + listed(pairs)
                                + "; this is a dkp-mesh defect (the policy does not do what the topology says), please report it with the topology"));
    }

    /**
     * Whether every decision of a row is what the topology asks, looked at segment by segment: a
     * segment holds the callers of one cluster, so reach is one answer for all of them, and whether
     * covering rules list its callers is worked out once per rules and segment (targets share
     * segments).
     */
    private static boolean agrees(
            Target target,
            DecisionRow row,
            List<Covering> rules,
            List<java.util.Set<String>> reaching,
            Map<IdentityKey, Map<DecisionRow.Segment, Boolean>> agreeing) {
        Map<DecisionRow.Segment, Boolean> listing = null;
        for (int i = 0; i < row.segmentCount(); i++) {
            DecisionRow.Segment segment = row.segment(i);
            if (!reachable(target, reaching, segment.cluster)) {
                if (segment.admitted != segment.plainAdmitted) {
                    return false;
                }
            } else if (rules.isEmpty()) {
                if (segment.admitted - segment.plainAdmitted != segment.size() - segment.plain) {
                    return false;
                }
            } else {
                if (listing == null) {
                    listing = agreeing.computeIfAbsent(rulesKey(rules), k -> new java.util.IdentityHashMap<>());
                }
                Boolean agrees = listing.get(segment);
                if (agrees == null) {
                    agrees = true;
                    for (Decision decision : segment.decisions) {
                        if (!plainText(decision.caller()) && listed(rules, decision.caller()) != decision.admitted()) {
                            agrees = false;
                            break;
                        }
                    }
                    listing.put(segment, agrees);
                }
                if (!agrees) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * What {@link #agrees} answers from, compared by identity (the rules, rows and member sets are
     * shared): the row, the covering rules, the member sets that reach the target, and the target's
     * cluster (its own callers always reach it).
     */
    private static final class RowQuestion {
        private final DecisionRow row;
        private final IdentityKey rules;
        private final List<java.util.Set<String>> reaching;
        private final String cluster;
        private final int hash;

        RowQuestion(DecisionRow row, IdentityKey rules, List<java.util.Set<String>> reaching, String cluster) {
            this.row = row;
            this.rules = rules;
            this.reaching = reaching;
            this.cluster = cluster;
            int h = System.identityHashCode(row) * 31 + rules.hashCode();
            for (java.util.Set<String> members : reaching) {
                h = h * 31 + System.identityHashCode(members);
            }
            this.hash = h * 31 + cluster.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof RowQuestion that)
                    || that.row != row
                    || !that.rules.equals(rules)
                    || that.reaching.size() != reaching.size()
                    || !that.cluster.equals(cluster)) {
                return false;
            }
            for (int i = 0; i < reaching.size(); i++) {
                if (that.reaching.get(i) != reaching.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The covering rules of a target, compared by identity: whom they list follows from them alone. */
    private static IdentityKey rulesKey(List<Covering> covering) {
        Object[] rules = new Object[covering.size() * 2];
        for (int i = 0; i < covering.size(); i++) {
            rules[2 * i] = covering.get(i).mesh();
            rules[2 * i + 1] = covering.get(i).rule();
        }
        return new IdentityKey(rules);
    }

    /** Where a reach mismatch without access rules points: the exports of the shared federation, else the mesh. */
    private String boundary(Target target, Caller caller) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.has(target.cluster()) && mesh.has(caller.cluster())) {
                return mesh.type() == MeshType.FEDERATION && !mesh.exports().isEmpty()
                        ? mesh.pointer() + "/exports"
                        : mesh.pointer();
            }
        }
        return "";
    }

    private static String listed(List<String> pairs) {
        String shown = String.join("; ", pairs.subList(0, Math.min(LISTED, pairs.size())));
        return pairs.size() > LISTED ? shown + "; and " + (pairs.size() - LISTED) + " more" : shown;
    }
}
