package io.dkpmesh.core.change;

import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Transition;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.change.TreeFacts.CiliumIdentity;
import io.dkpmesh.core.change.TreeFacts.Peer;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private Transitions(Topology topology, SourceMap positions, TreeFacts before, TreeFacts after) {
        this.topology = topology;
        this.positions = positions;
        this.before = before;
        this.after = after;
    }

    /**
     * The transitions from the tree {@code before} to the tree {@code after} rendered from
     * {@code topology}, in the order a reviewer should handle them.
     *
     * @param beforeAccess who could call what in the baseline, computed from its objects
     * @param afterAccess  who can call what after the change
     */
    public static List<Transition> between(
            TreeFacts before,
            TreeFacts after,
            AccessMatrix beforeAccess,
            AccessMatrix afterAccess,
            Topology topology,
            SourceMap positions) {
        Transitions transitions = new Transitions(topology, positions, before, after);
        transitions.delivery(before, after);
        transitions.cilium(before, after);
        transitions.istio(before, after);
        transitions.access(beforeAccess, afterAccess);
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

    // --- Cilium ---------------------------------------------------------------------------------

    private void cilium(TreeFacts before, TreeFacts after) {
        for (Map.Entry<String, CiliumIdentity> entry : after.cilium().entrySet()) {
            String name = entry.getKey();
            CiliumIdentity now = entry.getValue();
            CiliumIdentity old = before.cilium().get(name);
            Optional<Cluster> cluster = topology.cluster(name);
            if (old == null || cluster.isEmpty()) {
                continue;
            }
            List<String> changed = new ArrayList<>();
            String pointer = cluster.get().pointer();
            if (!old.id().equals(now.id())) {
                changed.add("cluster.id " + old.id() + " -> " + now.id());
                pointer = cluster.get().pointer() + "/cilium/id";
            }
            if (!old.name().equals(now.name())) {
                changed.add("cluster.name " + old.name() + " -> " + now.name());
                pointer = cluster.get().pointer() + "/name";
            }
            if (!old.maxConnectedClusters().equals(now.maxConnectedClusters())) {
                changed.add("clustermesh.maxConnectedClusters " + old.maxConnectedClusters() + " -> "
                        + now.maxConnectedClusters());
                pointer = ciliumMesh(name).map(Mesh::pointer).orElse(pointer) + "/cilium/maxConnectedClusters";
            }
            if (!changed.isEmpty()) {
                add(
                        FindingCode.TRANSITION_CILIUM_IDENTITY,
                        pointer,
                        "cluster " + Text.quote(name) + " changes its Cilium identity on a running cluster ("
                                + String.join(", ", changed) + "): agents read cluster-name and cluster-id only"
                                + " at start, identities of running endpoints keep the old values, and"
                                + " maxConnectedClusters cannot be changed on running clusters (chart values.yaml)",
                        List.of(
                                "Remove " + name + " from the ClusterMesh first (render without it, apply to every"
                                        + " peer)",
                                "Reinstall or reconfigure Cilium on " + name + " with the new values and restart"
                                        + " every Cilium agent and every workload pod there",
                                "Add " + name + " back to the mesh (render with it, apply to every member)"),
                        List.of(with(name, ciliumPeers(name)), Set.of(name), with(name, ciliumPeers(name))));
            }
        }
        // a member that is gone and a new one with its cluster.id: the same running cluster, renamed
        after.cilium().forEach((name, now) -> {
            if (before.cilium().containsKey(name) || topology.cluster(name).isEmpty()) {
                return;
            }
            before.cilium().forEach((oldName, old) -> {
                if (!after.cilium().containsKey(oldName) && old.id().equals(now.id())) {
                    add(
                            FindingCode.TRANSITION_CILIUM_IDENTITY,
                            topology.cluster(name).get().pointer() + "/name",
                            "the Cilium cluster with cluster.id " + now.id() + " is renamed (cluster.name "
                                    + old.name() + " -> " + now.name() + "): agents read cluster-name only at start,"
                                    + " and peers know it by its old name until they are reconfigured",
                            List.of(
                                    "Remove " + oldName + " from the ClusterMesh first (render without it, apply"
                                            + " to every peer)",
                                    "Reconfigure Cilium there as " + name + " and restart every Cilium agent and"
                                            + " workload pod",
                                    "Add " + name + " to the mesh (render with it, apply to every member)"),
                            List.of(with(oldName, ciliumPeers(name)), Set.of(name), with(name, ciliumPeers(name))));
                }
            });
        });
        for (String name : after.clusters()) {
            boolean had = before.cilium().containsKey(name);
            boolean has = after.cilium().containsKey(name);
            if (before.clusters().contains(name)
                    && had != has
                    && topology.cluster(name).isPresent()) {
                add(
                        FindingCode.TRANSITION_CILIUM_INSTALL,
                        topology.cluster(name).get().pointer() + "/cilium",
                        "cluster " + Text.quote(name) + (has ? " starts" : " stops") + " getting Cilium ClusterMesh"
                                + " values from dkp-mesh (cilium.install or its cilium meshes changed): "
                                + (has
                                        ? "the release is upgraded with them (or installed, where none is)"
                                        : "the release keeps the last values until someone changes them"),
                        List.of(
                                "Check which Cilium runs on " + name + " (kubectl -n kube-system get ds cilium; helm"
                                        + " -n kube-system list)",
                                has
                                        ? "Take over the existing release (same release name and namespace) before"
                                                + " peers connect to it"
                                        : "Hand the release to whoever owns it now, then remove " + name
                                                + " from its peers' ClusterMesh values"),
                        List.of(Set.of(name), with(name, ciliumPeers(name))));
            }
        }
    }

    private Optional<Mesh> ciliumMesh(String cluster) {
        return topology.meshesOf(cluster).stream()
                .filter(m -> m.provider() == Provider.CILIUM)
                .findFirst();
    }

    // --- Istio ----------------------------------------------------------------------------------

    private void istio(TreeFacts before, TreeFacts after) {
        // what each cluster's peers say about it: its trust domain, endpoint and the kind of link
        SortedMap<String, Peer> oldSeen = seenByPeers(before);
        SortedMap<String, Peer> newSeen = seenByPeers(after);
        for (Map.Entry<String, Peer> entry : newSeen.entrySet()) {
            String name = entry.getKey();
            Peer old = oldSeen.get(name);
            Peer now = entry.getValue();
            Optional<Cluster> cluster = topology.cluster(name);
            if (old == null || cluster.isEmpty()) {
                continue;
            }
            if (!old.trustDomain().isEmpty()
                    && !now.trustDomain().isEmpty()
                    && !old.trustDomain().equals(now.trustDomain())) {
                newIdentity.add(name);
                add(
                        FindingCode.TRANSITION_TRUST_DOMAIN,
                        cluster.get().pointer() + "/clusterDomain",
                        "cluster " + Text.quote(name) + " changes its trust domain " + Text.quote(old.trustDomain())
                                + " -> " + Text.quote(now.trustDomain()) + ": every SPIFFE principal naming the old"
                                + " one stops matching, so its workloads' calls to peers are denied until both sides"
                                + " change, and its clusterDomain is fixed at install in DKP's ClusterConfiguration",
                        List.of(
                                "Change the cluster's clusterDomain in DKP first (a cluster rebuild: all"
                                        + " workload certificates change)",
                                "Then render and apply to every peer at once, and to " + name),
                        List.of(Set.of(name), with(name, istioPeers(name))));
            }
            if (!old.metadataEndpoint().equals(now.metadataEndpoint())) {
                add(
                        FindingCode.TRANSITION_METADATA_ENDPOINT,
                        cluster.get().metadataEndpointPointer(),
                        "cluster " + Text.quote(name) + "'s metadata endpoint changes " + old.metadataEndpoint()
                                + " -> " + now.metadataEndpoint() + ": peers keep fetching the old one until their"
                                + " objects are synced, and lose the cluster's endpoints and keys if it no longer"
                                + " answers",
                        List.of(
                                "Serve the metadata at the new endpoint as well as the old one (DNS and the"
                                        + " ingress for the new host)",
                                "Apply the new peer objects to every peer and wait until each synced",
                                "Retire the old endpoint"),
                        List.of(Set.of(name), istioPeers(name), Set.of(name)));
            }
            if (!old.kind().equals(now.kind())) {
                add(
                        FindingCode.TRANSITION_MESH_TYPE,
                        cluster.get().pointer(),
                        "cluster " + Text.quote(name) + " switches between federation and multicluster (" + old.kind()
                                + " -> " + now.kind() + "): the trust model, the module settings and the peer"
                                + " objects all change, and a pair linked both ways at once is refused by DKP",
                        List.of(
                                "Remove the " + old.kind() + " objects for " + name + " from every peer and apply",
                                "Switch the module setting (federation/multicluster) on the clusters concerned",
                                "Add the " + now.kind() + " objects and apply"),
                        List.of(istioPeers(name), with(name, istioPeers(name)), with(name, istioPeers(name))));
            }
        }
    }

    /** For each cluster, what one of its peers' objects says about it (the first peer by name). */
    private static SortedMap<String, Peer> seenByPeers(TreeFacts facts) {
        SortedMap<String, Peer> seen = new TreeMap<>();
        facts.peers().forEach((owner, peers) -> peers.forEach(seen::putIfAbsent));
        return seen;
    }

    // --- access and removal ---------------------------------------------------------------------

    private void access(AccessMatrix beforeAccess, AccessMatrix afterAccess) {
        SortedSet<String> was = admitted(beforeAccess);
        SortedSet<String> is = admitted(afterAccess);
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
            SortedSet<String> peers = new TreeSet<>(
                    before.peers().getOrDefault(member, new TreeMap<>()).keySet());
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
     * Members that were in a mesh in the baseline (Istio peers or ClusterMesh values) and are in none
     * after the change.
     */
    private static SortedSet<String> removedMembers(TreeFacts before, TreeFacts after) {
        SortedSet<String> removed = new TreeSet<>();
        SortedSet<String> was = new TreeSet<>(before.cilium().keySet());
        before.peers().forEach((cluster, peers) -> {
            if (!peers.isEmpty()) {
                was.add(cluster);
            }
        });
        for (String cluster : was) {
            boolean peers =
                    !after.peers().getOrDefault(cluster, new TreeMap<>()).isEmpty();
            if (!peers && !after.cilium().containsKey(cluster)) {
                removed.add(cluster);
            }
        }
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
            SortedSet<String> peers = new TreeSet<>(istioPeers(member));
            if (before.cilium().containsKey(member)) {
                peers.addAll(ciliumPeers(member));
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
        after.peers().forEach((member, now) -> {
            SortedMap<String, Peer> old = before.peers().get(member);
            if (old == null
                    || old.isEmpty()
                    || now.isEmpty()
                    || topology.cluster(member).isEmpty()) {
                return;
            }
            SortedSet<String> kept = new TreeSet<>(old.keySet());
            kept.retainAll(now.keySet());
            if (kept.isEmpty()) {
                add(
                        FindingCode.TRANSITION_MEMBER_MOVED,
                        meshPointer(member, "/clusters"),
                        "cluster " + Text.quote(member) + " moves to other peers (" + String.join(", ", old.keySet())
                                + " -> " + String.join(", ", now.keySet()) + "): its callers and exports in the old"
                                + " mesh end when the new one starts",
                        List.of(
                                "Add " + member + " to the new mesh first, keeping the old one (both meshes' objects"
                                        + " applied)",
                                "Move the callers and exports that depend on the old peers",
                                "Then remove " + member + " from the old mesh"),
                        List.of(with(member, now.keySet()), new TreeSet<>(old.keySet()), with(member, old.keySet())));
            }
        });
    }

    /** {@code caller -> target} for every admitted caller, without the deciding objects. */
    private static SortedSet<String> admitted(AccessMatrix matrix) {
        SortedSet<String> edges = new TreeSet<>();
        for (AccessMatrix.TargetAccess access : matrix.targets()) {
            for (AccessMatrix.Decision decision : access.decisions()) {
                if (decision.admitted()) {
                    edges.add(decision.caller() + " -> " + access.target());
                }
            }
        }
        return edges;
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
        SortedSet<String> all = new TreeSet<>(others);
        all.add(cluster);
        return all;
    }

    /** The clusters of {@code cluster/namespace} callers. */
    private static Set<String> clustersOf(List<String> callers) {
        SortedSet<String> clusters = new TreeSet<>();
        callers.forEach(caller -> clusters.add(caller.substring(0, caller.indexOf('/'))));
        return clusters;
    }

    /** A cluster's Istio peers in either tree. */
    private Set<String> istioPeers(String cluster) {
        SortedSet<String> peers = new TreeSet<>(
                before.peers().getOrDefault(cluster, new TreeMap<>()).keySet());
        peers.addAll(after.peers().getOrDefault(cluster, new TreeMap<>()).keySet());
        return peers;
    }

    /** A cluster's ClusterMesh peers: the other members of its cilium meshes, in either tree. */
    private Set<String> ciliumPeers(String cluster) {
        SortedSet<String> peers = new TreeSet<>(before.cilium().keySet());
        peers.addAll(after.cilium().keySet());
        peers.remove(cluster);
        return peers;
    }

    private static List<String> diff(SortedSet<String> old, SortedSet<String> now) {
        List<String> out = new ArrayList<>();
        old.stream().filter(s -> !now.contains(s)).forEach(s -> out.add("was " + s));
        now.stream().filter(s -> !old.contains(s)).forEach(s -> out.add("now " + s));
        return out;
    }
}
