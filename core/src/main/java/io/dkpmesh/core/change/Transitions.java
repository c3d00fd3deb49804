package io.dkpmesh.core.change;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Transition;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges a change, not a state: what the running clusters (rendered from the baseline) cannot
 * simply take when the new render is applied, each as a warning at the line of the topology that
 * causes it, with the sequence that makes the change safe. The reasons and their upstream sources
 * are in {@code docs/transitions.md} and each code's SARIF help.
 */
public final class Transitions {

    private final Topology topology;
    private final SourceMap positions;
    private final List<Transition> found = new ArrayList<>();
    /**
     * Clusters whose trust domain changes ({@code DKPM811}): the baseline's objects name their
     * callers by the old identities, so the access they seem to gain or lose is that transition's,
     * not one of its own.
     */
    private final SortedSet<String> newIdentity = new TreeSet<>();

    /** The trees judged, for the clusters each step touches. */
    private final TreeFacts before;

    private final TreeFacts after;

    /** What the providers' rules see of this judgement. */
    private final MeshChanges.Judge judge = new MeshChanges.Judge() {
        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public SortedSet<String> clustersBefore() {
            return before.clusters();
        }

        @Override
        public SortedSet<String> clustersAfter() {
            return after.clusters();
        }

        @Override
        public void add(
                FindingCode code,
                String pointer,
                String message,
                List<String> steps,
                List<? extends Set<String>> touches) {
            Transitions.this.add(code, pointer, message, steps, touches);
        }

        @Override
        public void newIdentity(String cluster) {
            newIdentity.add(cluster);
        }
    };

    /** The providers whose facts {@link #before} and {@link #after} hold, in the same order. */
    private final List<MeshChanges> providers;

    private Transitions(
            Topology topology, SourceMap positions, TreeFacts before, TreeFacts after, List<MeshChanges> providers) {
        this.topology = topology;
        this.positions = positions;
        this.before = before;
        this.after = after;
        this.providers = List.copyOf(providers);
    }

    /**
     * The transitions from the tree {@code before} to the tree {@code after} rendered from
     * {@code topology}, in the order a reviewer should handle them.
     *
     * @param beforeAdmitted who could call what in the baseline, computed from its objects: {@code caller -> target}
     *                       for every admitted caller, without the deciding objects
     * @param afterAdmitted  who can call what after the change, alike
     * @param providers      the providers both trees were read with ({@link TreeFacts#of}), in that order: their
     *                       rules run after the delivery's, {@link MeshChanges.Point#IDENTITY} before
     *                       {@link MeshChanges.Point#PEERS}, each group in this order
     */
    public static List<Transition> between(
            TreeFacts before,
            TreeFacts after,
            SortedSet<String> beforeAdmitted,
            SortedSet<String> afterAdmitted,
            Topology topology,
            SourceMap positions,
            List<MeshChanges> providers) {
        Transitions transitions = new Transitions(topology, positions, before, after, providers);
        transitions.delivery(before, after);
        for (MeshChanges.Point point : MeshChanges.Point.values()) {
            transitions.meshes(point);
        }
        transitions.access(beforeAdmitted, afterAdmitted);
        transitions.removedExporters(before, after);
        transitions.exportsAndMoves(before, after);
        return List.copyOf(transitions.found);
    }

    // --- delivery -------------------------------------------------------------------------------

    /**
     * A Flux HelmRelease that another Kustomization applies now (trees rendered before the Cilium
     * rollout phase applied it from gitops/flux/<c>/, now from gitops/flux/<c>/cilium/): the
     * Kustomization that applied it prunes what left its inventory (kustomize-controller
     * docs/spec/v1/kustomizations.md, "Garbage collection"), helm-controller uninstalls a release
     * whose HelmRelease is deleted, and for Cilium that is the CNI. An object carrying
     * {@code kustomize.toolkit.fluxcd.io/prune: disabled} is never pruned.
     */
    private void helmReleasesMoved(TreeFacts.Delivery old, TreeFacts.Delivery now) {
        now.helmReleases().forEach((name, folder) -> {
            String was = old.helmReleases().get(name);
            if (was == null || was.equals(folder)) {
                return;
            }
            String release = name.substring(0, name.indexOf(" in "));
            String cluster = name.substring(name.indexOf(" in ") + 4);
            add(
                    FindingCode.TRANSITION_HELMRELEASE_MOVED,
                    "/spec/gitops",
                    "HelmRelease " + Text.quote(release) + " of cluster " + Text.quote(cluster) + " moves from "
                            + was + "/ to " + folder + "/: the Flux Kustomization that applied it from " + was
                            + "/ deletes it as soon as it applies this tree, and helm-controller then uninstalls"
                            + " the release (for Cilium: the CNI of every pod) before the new Kustomization"
                            + " creates it again",
                    List.of(
                            "Before merging, mark the live HelmRelease so no Kustomization prunes it: kubectl -n"
                                    + " <flux namespace> annotate helmrelease " + release
                                    + " kustomize.toolkit.fluxcd.io/prune=disabled",
                            "Merge, and wait until the Kustomization that applies " + folder + "/ is Ready"),
                    List.of(Set.of(cluster), Set.of(cluster)));
        });
    }

    private void delivery(TreeFacts before, TreeFacts after) {
        if (before.delivery().isEmpty() || after.delivery().isEmpty()) {
            return;
        }
        TreeFacts.Delivery old = before.delivery().get();
        TreeFacts.Delivery now = after.delivery().get();
        if (!old.tool().equals(now.tool())) {
            add(
                    FindingCode.TRANSITION_DELIVERY_TOOL,
                    "/spec/gitops/tool",
                    "the GitOps tool changes from " + old.tool() + " to " + now.tool() + ": until " + old.tool()
                            + "'s objects are gone, two tools apply and prune the same objects in every cluster",
                    List.of(
                            "Stop " + old.tool() + " from pruning: suspend or delete its objects without deleting what"
                                    + " they applied (" + orphanHow(old.tool()) + ")",
                            "Apply " + now.tool() + "'s objects (gitops/" + now.tool() + "/) and wait until they are"
                                    + " healthy: they adopt the objects that are already there",
                            "Delete " + old.tool() + "'s objects for good"),
                    List.of(every(), every(), every()));
            return;
        }
        helmReleasesMoved(old, now);
        boolean renamed = before.topology().isPresent()
                && after.topology().isPresent()
                && !before.topology().equals(after.topology());
        SortedSet<String> gone = new TreeSet<>(old.names());
        gone.removeAll(now.names());
        if (!gone.isEmpty()) {
            String pointer = renamed ? "/metadata/name" : renamedClusterPointer(before);
            add(
                    FindingCode.TRANSITION_DELIVERY_RENAMED,
                    pointer,
                    (renamed
                                    ? "the topology is renamed from "
                                            + Text.quote(before.topology().get()) + " to "
                                            + Text.quote(after.topology().get())
                                    : "clusters are renamed or removed")
                            + ", so " + now.tool() + "'s objects are renamed: " + String.join("; ", gone)
                            + (now.tool().equals("argocd")
                                    ? ". The ApplicationSet's applicationsSync create-update never deletes an"
                                            + " Application, so the old Applications stay and two Applications own"
                                            + " the same objects"
                                    : ". Flux deletes the old Kustomizations, and with prune: true each deletes"
                                            + " what it applied before the new one applies it again"),
                    now.tool().equals("argocd")
                            ? List.of(
                                    "Apply the new ApplicationSet: its Applications adopt the objects",
                                    "Delete the old Applications without their objects: argocd app delete <old>"
                                            + " --cascade=false (or kubectl delete application <old> after removing"
                                            + " its resources-finalizer)")
                            : List.of(
                                    "Set prune: false on the old Kustomizations (or suspend them: flux suspend"
                                            + " kustomization <old>) and let that reach the clusters",
                                    "Apply the renamed Kustomizations and wait until they are Ready",
                                    "Delete the old Kustomizations: with pruning off they leave the objects"),
                    List.of(every(), every(), every()));
        }
        if (!old.sources().equals(now.sources()) && old.names().equals(now.names())) {
            add(
                    FindingCode.TRANSITION_DELIVERY_SOURCE,
                    old.sources().stream().anyMatch(s -> s.contains("://"))
                            ? "/spec/gitops/repoURL"
                            : "/spec/gitops/path",
                    "where " + now.tool() + " reads the trees changes ("
                            + String.join("; ", diff(old.sources(), now.sources()))
                            + "): a path or repository that does not hold the tree yet makes the tool prune every"
                            + " object it applied",
                    List.of(
                            "Commit the rendered tree at the new place first (both places hold it)",
                            "Then switch the source, and remove the old place once every cluster synced"),
                    List.of(Set.of(), every()));
        }
    }

    private static String orphanHow(String tool) {
        return tool.equals("argocd")
                ? "argocd app delete <app> --cascade=false"
                : "flux suspend kustomization <name>, or set prune: false";
    }

    /** The first cluster of the new topology that the baseline did not have: a rename's new name. */
    private String renamedClusterPointer(TreeFacts before) {
        return topology.clusters().stream()
                .filter(c -> !before.clusters().contains(c.name()))
                .findFirst()
                .map(c -> c.pointer() + "/name")
                .orElse("/spec/clusters");
    }

    /** The providers' rules that run at {@code point}, in the registry's order. */
    private void meshes(MeshChanges.Point point) {
        for (int i = 0; i < providers.size(); i++) {
            MeshChanges provider = providers.get(i);
            if (provider.point() == point) {
                provider.judge(before.meshes().get(i), after.meshes().get(i), judge);
            }
        }
    }

    // --- access and removal ---------------------------------------------------------------------

    private void access(SortedSet<String> was, SortedSet<String> is) {
        SortedMap<String, List<String>> cut = new TreeMap<>();
        for (String edge : was) {
            if (!is.contains(edge) && !byNewIdentity(edge)) {
                String caller = edge.substring(0, edge.indexOf(" -> "));
                String target = edge.substring(edge.indexOf(" -> ") + 4);
                cut.computeIfAbsent(target, t -> new ArrayList<>()).add(caller);
            }
        }
        // a member that leaves every mesh has no targets in the new topology, so its callers show
        // in no cut edge: removedExporters names them (DKPM841)
        cut.forEach((target, callers) -> {
            String targetCluster = target.substring(0, target.indexOf('/'));
            add(
                    FindingCode.TRANSITION_ACCESS_CUT,
                    meshPointer(targetCluster, "/access"),
                    "this change cuts " + String.join(", ", callers) + " off " + target
                            + ": the baseline admits them and the new render does not",
                    List.of(
                            "Confirm " + String.join(", ", callers) + " no longer call " + target
                                    + ", or move them first",
                            "Then apply this change"),
                    List.of(clustersOf(callers), Set.of(targetCluster)));
        });
        for (String edge : is) {
            if (!was.contains(edge) && !byNewIdentity(edge)) {
                String caller = edge.substring(0, edge.indexOf(" -> "));
                String target = edge.substring(edge.indexOf(" -> ") + 4);
                String callerCluster = caller.substring(0, caller.indexOf('/'));
                String targetCluster = target.substring(0, target.indexOf('/'));
                Optional<String> callerDomain = topology.cluster(callerCluster).map(Cluster::clusterDomain);
                Optional<String> targetDomain = topology.cluster(targetCluster).map(Cluster::clusterDomain);
                if (callerDomain.isPresent() && targetDomain.isPresent() && !callerDomain.equals(targetDomain)) {
                    add(
                            FindingCode.TRANSITION_ACCESS_ADDED_ACROSS,
                            meshPointer(targetCluster, "/access"),
                            "this change admits " + caller + " (trust domain " + callerDomain.get() + ") to "
                                    + target + " (trust domain " + targetDomain.get() + "): a caller from another"
                                    + " trust domain",
                            List.of("Review that " + caller + " should reach " + target + ", then apply"),
                            List.of(Set.of(targetCluster)));
                }
            }
        }
    }

    /** A member that leaves every mesh while it exports services its peers were told to import. */
    private void removedExporters(TreeFacts before, TreeFacts after) {
        for (String member : removedMembers(before, after)) {
            SortedSet<String> peers = new TreeSet<>(before.namedPeers().getOrDefault(member, new TreeSet<>()));
            SortedSet<String> exported = before.exports().getOrDefault(member, new TreeSet<>());
            // what its peers exported to it: its own workloads may call those
            SortedSet<String> imported = new TreeSet<>();
            peers.forEach(peer -> before.exports()
                    .getOrDefault(peer, new TreeSet<>())
                    .forEach(service -> imported.add(peer + "/" + service)));
            if (exported.isEmpty() && imported.isEmpty()) {
                continue;
            }
            List<String> uses = new ArrayList<>();
            if (!exported.isEmpty()) {
                uses.add("it exports " + String.join(", ", exported) + " to " + String.join(", ", peers));
            }
            if (!imported.isEmpty()) {
                uses.add("its peers export " + String.join(", ", imported) + " to it");
            }
            List<String> steps = new ArrayList<>();
            List<Set<String>> touches = new ArrayList<>();
            if (!exported.isEmpty()) {
                steps.add("Move the callers in " + String.join(", ", peers) + " off " + String.join(", ", exported)
                        + " first (their own change, deployed everywhere)");
                touches.add(peers);
            }
            if (!imported.isEmpty()) {
                steps.add("Move " + member + "'s callers off " + String.join(", ", imported) + " first");
                touches.add(Set.of(member));
            }
            steps.add("Then remove " + member + " from the mesh");
            touches.add(with(member, peers));
            add(
                    FindingCode.TRANSITION_MEMBER_REMOVED,
                    removedFrom(peers),
                    "cluster " + Text.quote(member) + " leaves the mesh while " + String.join(", and ", uses)
                            + ": the callers lose those services when the peer objects go",
                    steps,
                    touches);
        }
    }

    /** Where a member that left is no longer listed: the first mesh that holds one of its old peers. */
    private String removedFrom(SortedSet<String> peers) {
        return topology.meshes().stream()
                .filter(mesh -> peers.stream().anyMatch(mesh::has))
                .findFirst()
                .map(mesh -> mesh.pointer() + "/clusters")
                .orElse("/spec/meshes");
    }

    /** Whether the caller's or the target's cluster of {@code caller -> target} changes its trust domain. */
    private boolean byNewIdentity(String edge) {
        String caller = edge.substring(0, edge.indexOf('/'));
        String target = edge.substring(edge.indexOf(" -> ") + 4);
        return newIdentity.contains(caller) || newIdentity.contains(target.substring(0, target.indexOf('/')));
    }

    /**
     * Members that were in a mesh in the baseline (Istio peers or ClusterMesh values: any provider's
     * {@link MeshChanges.Facts#members()}) and are in none after the change.
     */
    private static SortedSet<String> removedMembers(TreeFacts before, TreeFacts after) {
        SortedSet<String> removed = new TreeSet<>(before.members());
        removed.removeAll(after.members());
        return removed;
    }

    /**
     * An Istio export that the baseline has and the change drops, of a member that stays: its
     * peers' callers lose the service. And a member whose Istio peers are all new: it moved from
     * one mesh to another.
     */
    private void exportsAndMoves(TreeFacts before, TreeFacts after) {
        SortedSet<String> removed = removedMembers(before, after);
        before.exports().forEach((member, exported) -> {
            if (removed.contains(member) || topology.cluster(member).isEmpty()) {
                return;
            }
            SortedSet<String> dropped = new TreeSet<>(exported);
            dropped.removeAll(after.exports().getOrDefault(member, new TreeSet<>()));
            if (dropped.isEmpty()) {
                return;
            }
            // who loses it, as each provider's meshes tell (Istio: its peers; Cilium: the other members)
            SortedSet<String> peers = new TreeSet<>();
            for (int i = 0; i < providers.size(); i++) {
                peers.addAll(providers
                        .get(i)
                        .exportAudience(before.meshes().get(i), after.meshes().get(i), member));
            }
            add(
                    FindingCode.TRANSITION_EXPORT_REMOVED,
                    meshPointer(member, "/exports"),
                    "cluster " + Text.quote(member) + " stops exporting " + String.join(", ", dropped)
                            + (peers.isEmpty() ? "" : " to " + String.join(", ", peers))
                            + ": callers there lose the service once the export label is gone",
                    List.of(
                            "Move the callers of " + String.join(", ", dropped) + " off it first",
                            "Then remove the export (and its label or annotation from the Services)"),
                    List.of(peers, Set.of(member)));
        });
        SortedMap<String, SortedSet<String>> oldPeers = before.namedPeers();
        after.namedPeers().forEach((member, now) -> {
            SortedSet<String> old = oldPeers.get(member);
            if (old == null
                    || old.isEmpty()
                    || now.isEmpty()
                    || topology.cluster(member).isEmpty()) {
                return;
            }
            SortedSet<String> kept = new TreeSet<>(old);
            kept.retainAll(now);
            if (kept.isEmpty()) {
                add(
                        FindingCode.TRANSITION_MEMBER_MOVED,
                        meshPointer(member, "/clusters"),
                        "cluster " + Text.quote(member) + " moves to other peers (" + String.join(", ", old)
                                + " -> " + String.join(", ", now) + "): its callers and exports in the old"
                                + " mesh end when the new one starts",
                        List.of(
                                "Add " + member + " to the new mesh first, keeping the old one (both meshes' objects"
                                        + " applied)",
                                "Move the callers and exports that depend on the old peers",
                                "Then remove " + member + " from the old mesh"),
                        List.of(with(member, now), new TreeSet<>(old), with(member, old)));
            }
        });
    }

    private String meshPointer(String cluster, String suffix) {
        return topology.meshesOf(cluster).stream()
                .findFirst()
                .map(mesh -> mesh.pointer() + suffix)
                .orElse("/spec/meshes");
    }

    // --------------------------------------------------------------------------------------------

    /**
     * @param touches for each step, the clusters it changes: those the step's objects are applied to
     *                (or taken from), for a plan that says where each step runs
     */
    private void add(
            FindingCode code, String pointer, String message, List<String> steps, List<? extends Set<String>> touches) {
        Findings at = new Findings(positions);
        at.warning(code, pointer, message);
        Finding finding = at.sorted().get(0);
        List<ChangePlan.Step> planned = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            planned.add(new ChangePlan.Step(steps.get(i), List.copyOf(new TreeSet<>(touches.get(i)))));
        }
        found.add(new Transition(finding, planned));
    }

    /** Every cluster of either tree: what a change of the delivery touches. */
    private Set<String> every() {
        SortedSet<String> all = new TreeSet<>(before.clusters());
        all.addAll(after.clusters());
        return all;
    }

    /** {@code cluster} and {@code others}. */
    private static Set<String> with(String cluster, java.util.Collection<String> others) {
        return MeshChanges.with(cluster, others);
    }

    /** The clusters of {@code cluster/namespace} callers. */
    private static Set<String> clustersOf(List<String> callers) {
        SortedSet<String> clusters = new TreeSet<>();
        callers.forEach(caller -> clusters.add(caller.substring(0, caller.indexOf('/'))));
        return clusters;
    }

    private static List<String> diff(SortedSet<String> old, SortedSet<String> now) {
        List<String> out = new ArrayList<>();
        old.stream().filter(s -> !now.contains(s)).forEach(s -> out.add("was " + s));
        now.stream().filter(s -> !old.contains(s)).forEach(s -> out.add("now " + s));
        return out;
    }
}
