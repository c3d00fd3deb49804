package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What Cilium ClusterMesh answers for {@code diff}: each member's identity as the chart is given
 * it (a values file, a Flux HelmRelease or an Argo CD Application), a Cilium federation's
 * exported Services, and the transitions of that identity a running cluster cannot simply take
 * ({@code DKPM801}, {@code DKPM802}). Its rules run before the peers' ({@link Point#IDENTITY}).
 */
final class CiliumChanges implements MeshChanges {

    /**
     * A Cilium federation's global Services: the exporter's are shared, the consumers' carry
     * {@code service.cilium.io/shared: "false"} (they only reach the exporter's backends).
     */
    private static final String GLOBAL = Layout.componentWithinCluster(CiliumPlanner.GLOBAL_SERVICES);

    private static final String CONSUMER = "\"" + CiliumPlanner.SHARED + "\": \"false\"";

    /** {@code cluster.name}, {@code cluster.id} and {@code clustermesh.maxConnectedClusters} as given to the chart. */
    record Identity(String name, String id, String maxConnectedClusters) {}

    /** @param identities each member's identity, from the ClusterMesh values it is given */
    record Facts(SortedMap<String, Identity> identities) implements MeshChanges.Facts {
        @Override
        public SortedSet<String> members() {
            return new TreeSet<>(identities.keySet());
        }
    }

    @Override
    public Point point() {
        return Point.IDENTITY;
    }

    @Override
    public Reader reader() {
        SortedMap<String, Identity> identities = new TreeMap<>();
        return new Reader() {
            @Override
            public Optional<String> exportFolder(String within, byte[] content) {
                return within.startsWith(GLOBAL) && !new String(content, StandardCharsets.UTF_8).contains(CONSUMER)
                        ? Optional.of(GLOBAL)
                        : Optional.empty();
            }

            @Override
            public boolean reads(String path, String text) {
                return CiliumValues.isValues(path);
            }

            @Override
            public void read(String path, String owner, String kind, JsonNode root) {
                switch (kind) {
                    case "HelmRelease" ->
                        identity(root.path("spec").path("values")).ifPresent(id -> identities.put(owner, id));
                    // an Argo CD Cilium Application is fleet-wide by path; its values name the cluster
                    case "Application" ->
                        identity(root.path("spec").path("source").path("helm").path("valuesObject"))
                                .ifPresent(id -> identities.put(owner.isEmpty() ? id.name() : owner, id));
                    default -> {
                        // a values file has no kind
                        if (CiliumValues.isValues(path)) {
                            identity(root).ifPresent(id -> identities.put(owner, id));
                        }
                    }
                }
            }

            @Override
            public Facts facts() {
                return new Facts(identities);
            }
        };
    }

    private static Optional<Identity> identity(JsonNode values) {
        JsonNode cluster = values.path("cluster");
        if (!cluster.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Identity(
                MeshChanges.text(cluster, "name"),
                MeshChanges.text(cluster, "id"),
                MeshChanges.text(values.path("clustermesh"), "maxConnectedClusters")));
    }

    /** A member's dropped export is lost to the other members of its cilium meshes, in either tree. */
    @Override
    public Set<String> exportAudience(MeshChanges.Facts before, MeshChanges.Facts after, String member) {
        return ((Facts) before).identities().containsKey(member)
                ? peers((Facts) before, (Facts) after, member)
                : Set.of();
    }

    /** A cluster's ClusterMesh peers: the other members of its cilium meshes, in either tree. */
    private static Set<String> peers(Facts before, Facts after, String cluster) {
        SortedSet<String> peers = new TreeSet<>(before.identities().keySet());
        peers.addAll(after.identities().keySet());
        peers.remove(cluster);
        return peers;
    }

    @Override
    public void judge(MeshChanges.Facts beforeFacts, MeshChanges.Facts afterFacts, Judge judge) {
        Facts before = (Facts) beforeFacts;
        Facts after = (Facts) afterFacts;
        Topology topology = judge.topology();
        for (Map.Entry<String, Identity> entry : after.identities().entrySet()) {
            String name = entry.getKey();
            Identity now = entry.getValue();
            Identity old = before.identities().get(name);
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
                pointer =
                        ciliumMesh(topology, name).map(Mesh::pointer).orElse(pointer) + "/cilium/maxConnectedClusters";
            }
            if (!changed.isEmpty()) {
                judge.add(
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
                        List.of(
                                MeshChanges.with(name, peers(before, after, name)),
                                Set.of(name),
                                MeshChanges.with(name, peers(before, after, name))));
            }
        }
        // a member that is gone and a new one with its cluster.id: the same running cluster, renamed
        after.identities().forEach((name, now) -> {
            if (before.identities().containsKey(name) || topology.cluster(name).isEmpty()) {
                return;
            }
            before.identities().forEach((oldName, old) -> {
                if (!after.identities().containsKey(oldName) && old.id().equals(now.id())) {
                    judge.add(
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
                            List.of(
                                    MeshChanges.with(oldName, peers(before, after, name)),
                                    Set.of(name),
                                    MeshChanges.with(name, peers(before, after, name))));
                }
            });
        });
        for (String name : judge.clustersAfter()) {
            boolean had = before.identities().containsKey(name);
            boolean has = after.identities().containsKey(name);
            if (judge.clustersBefore().contains(name)
                    && had != has
                    && topology.cluster(name).isPresent()) {
                judge.add(
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
                        List.of(Set.of(name), MeshChanges.with(name, peers(before, after, name))));
            }
        }
    }

    private static Optional<Mesh> ciliumMesh(Topology topology, String cluster) {
        return topology.meshesOf(cluster).stream()
                .filter(m -> m.provider() == Provider.CILIUM)
                .findFirst();
    }
}
