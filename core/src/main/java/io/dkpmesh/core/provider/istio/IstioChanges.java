package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
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
 * What DKP's istio module answers for {@code diff}: each cluster's peers as its IstioFederation and
 * IstioMulticluster objects name them (deckhouse {@code modules/110-istio/crds/istiofederation.yaml}),
 * the Service patches of its {@code service-exports} Component, and the transitions of what its
 * peers are told about it that a running cluster cannot simply take ({@code DKPM811} to {@code DKPM813}).
 */
final class IstioChanges implements MeshChanges {

    private static final String EXPORTS = Layout.componentWithinCluster(Layout.SERVICE_EXPORTS);

    /**
     * One peer object.
     *
     * @param kind             {@code IstioFederation} or {@code IstioMulticluster}
     * @param trustDomain      the peer's trust domain (federation only; empty otherwise)
     * @param metadataEndpoint where the peer's metadata is fetched from
     */
    record Peer(String kind, String trustDomain, String metadataEndpoint) {}

    /** @param peers each cluster's peers, by peer name: its IstioFederation and IstioMulticluster objects */
    record Facts(SortedMap<String, SortedMap<String, Peer>> peers) implements MeshChanges.Facts {
        @Override
        public SortedSet<String> members() {
            SortedSet<String> members = new TreeSet<>();
            peers.forEach((cluster, named) -> {
                if (!named.isEmpty()) {
                    members.add(cluster);
                }
            });
            return members;
        }

        @Override
        public SortedMap<String, SortedSet<String>> namedPeers() {
            SortedMap<String, SortedSet<String>> named = new TreeMap<>();
            peers.forEach((cluster, byName) -> {
                if (!byName.isEmpty()) {
                    named.put(cluster, new TreeSet<>(byName.keySet()));
                }
            });
            return named;
        }
    }

    @Override
    public Reader reader() {
        SortedMap<String, SortedMap<String, Peer>> peers = new TreeMap<>();
        return new Reader() {
            @Override
            public Optional<String> exportFolder(String within, byte[] content) {
                return within.startsWith(EXPORTS) ? Optional.of(EXPORTS) : Optional.empty();
            }

            @Override
            public boolean reads(String path, String text) {
                return text.contains("kind: IstioFederation") || text.contains("kind: IstioMulticluster");
            }

            @Override
            public void read(String path, String owner, String kind, JsonNode root) {
                if (kind.equals("IstioFederation") || kind.equals("IstioMulticluster")) {
                    peers.computeIfAbsent(owner, c -> new TreeMap<>())
                            .put(
                                    MeshChanges.text(root.path("metadata"), "name"),
                                    new Peer(
                                            kind,
                                            MeshChanges.text(root.path("spec"), "trustDomain"),
                                            MeshChanges.text(root.path("spec"), "metadataEndpoint")));
                }
            }

            @Override
            public Facts facts() {
                return new Facts(peers);
            }
        };
    }

    /** A member's dropped export is lost to its peers in either tree. */
    @Override
    public Set<String> exportAudience(MeshChanges.Facts before, MeshChanges.Facts after, String member) {
        return peers((Facts) before, (Facts) after, member);
    }

    /** A cluster's Istio peers in either tree. */
    private static Set<String> peers(Facts before, Facts after, String cluster) {
        SortedSet<String> peers = new TreeSet<>(
                before.peers().getOrDefault(cluster, new TreeMap<>()).keySet());
        peers.addAll(after.peers().getOrDefault(cluster, new TreeMap<>()).keySet());
        return peers;
    }

    @Override
    public void judge(MeshChanges.Facts beforeFacts, MeshChanges.Facts afterFacts, Judge judge) {
        Facts before = (Facts) beforeFacts;
        Facts after = (Facts) afterFacts;
        Topology topology = judge.topology();
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
                judge.newIdentity(name);
                judge.add(
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
                        List.of(Set.of(name), MeshChanges.with(name, peers(before, after, name))));
            }
            if (!old.metadataEndpoint().equals(now.metadataEndpoint())) {
                judge.add(
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
                        List.of(Set.of(name), peers(before, after, name), Set.of(name)));
            }
            if (!old.kind().equals(now.kind())) {
                judge.add(
                        FindingCode.TRANSITION_MESH_TYPE,
                        cluster.get().pointer(),
                        "cluster " + Text.quote(name) + " switches between federation and multicluster (" + old.kind()
                                + " -> " + now.kind() + "): the trust model, the module settings and the peer"
                                + " objects all change, and a pair linked both ways at once is refused by DKP",
                        List.of(
                                "Remove the " + old.kind() + " objects for " + name + " from every peer and apply",
                                "Switch the module setting (federation/multicluster) on the clusters concerned",
                                "Add the " + now.kind() + " objects and apply"),
                        List.of(
                                peers(before, after, name),
                                MeshChanges.with(name, peers(before, after, name)),
                                MeshChanges.with(name, peers(before, after, name))));
            }
        }
    }

    /** For each cluster, what one of its peers' objects says about it (the first peer by name). */
    private static SortedMap<String, Peer> seenByPeers(Facts facts) {
        SortedMap<String, Peer> seen = new TreeMap<>();
        facts.peers().forEach((owner, peers) -> peers.forEach(seen::putIfAbsent));
        return seen;
    }
}
