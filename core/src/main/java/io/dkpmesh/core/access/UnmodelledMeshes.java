package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The meshes whose provider the access matrix does not model: a provider registered behind the
 * seam answers {@code modelsAccess()} false until this package reads its objects (how they route a
 * caller's packets between members and which callers its policies admit). Nothing the matrix
 * computes can then be promised for a target in a member of such a mesh: the mesh may link
 * clusters the evaluator sees as unlinked, and its policies may refuse callers the evaluator sees
 * admitted. So every verdict there is {@link Verdict#UNKNOWN}, saying why, except a denial by a
 * policy the matrix does model (an AuthorizationPolicy or a network policy refuses whatever else
 * links the clusters); the access check asks nothing of those targets, and the page states it
 * among its assumptions.
 */
final class UnmodelledMeshes {

    static final UnmodelledMeshes NONE = new UnmodelledMeshes(Map.of(), List.of());

    /** Per member of such a mesh, why its targets' verdicts are unknown. */
    private final Map<String, String> reasons;

    private final List<String> assumptions;

    private UnmodelledMeshes(Map<String, String> reasons, List<String> assumptions) {
        this.reasons = reasons;
        this.assumptions = assumptions;
    }

    /** The meshes of {@code topology} whose provider is among {@code unmodelled}. */
    static UnmodelledMeshes of(Topology topology, Set<Provider> unmodelled) {
        if (unmodelled.isEmpty()) {
            return NONE;
        }
        Set<Provider> providers = EnumSet.copyOf(unmodelled);
        Map<String, List<String>> meshes = new LinkedHashMap<>();
        List<String> assumptions = new ArrayList<>();
        for (Mesh mesh : topology.meshes()) {
            if (providers.contains(mesh.provider())) {
                String named = "`" + mesh.name() + "` (" + mesh.provider().label() + ")";
                mesh.clusters()
                        .forEach(cluster -> meshes.computeIfAbsent(cluster, c -> new ArrayList<>())
                                .add(named));
                assumptions.add("- " + named + ": dkp-mesh does not model how this provider's objects route and admit"
                        + " callers; every verdict for a target in its members is unknown, unless a policy the matrix"
                        + " models denies it.");
            }
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        meshes.forEach((cluster, named) -> reasons.put(
                cluster,
                "mesh " + String.join(", ", named)
                        + " links this cluster, and dkp-mesh does not model how its objects route and admit callers"));
        return new UnmodelledMeshes(Map.copyOf(reasons), List.copyOf(assumptions));
    }

    /** Whether a target in {@code cluster} is a member of such a mesh. */
    boolean covers(String cluster) {
        return reasons.containsKey(cluster);
    }

    /** What the page states of such meshes, one Markdown list item each. */
    List<String> assumptions() {
        return assumptions;
    }

    /**
     * The row of a target in {@code cluster}: unchanged outside such meshes; else each decision
     * unknown but a denial. Segments shared by several rows of the cluster are turned once.
     */
    DecisionRow apply(String cluster, DecisionRow row, Map<DecisionRow.Segment, DecisionRow.Segment> turned) {
        Optional<String> reason = Optional.ofNullable(reasons.get(cluster));
        if (reason.isEmpty()) {
            return row;
        }
        DecisionRow.Segment[] segments = new DecisionRow.Segment[row.segmentCount()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = turned.computeIfAbsent(row.segment(i), segment -> turn(segment, reason.get()));
        }
        return new DecisionRow(segments);
    }

    /** A map for {@link #apply}'s segments, by identity. */
    static Map<DecisionRow.Segment, DecisionRow.Segment> segments() {
        return new IdentityHashMap<>();
    }

    private static DecisionRow.Segment turn(DecisionRow.Segment segment, String reason) {
        List<Decision> decisions = new ArrayList<>(segment.decisions.length);
        for (Decision decision : segment.decisions) {
            decisions.add(
                    decision.verdict() == Verdict.DENIED || decision.verdict() == Verdict.UNKNOWN
                            ? decision
                            : new Decision(decision.caller(), Verdict.UNKNOWN, decision.by(), reason, decision.via()));
        }
        return new DecisionRow.Segment(decisions);
    }
}
