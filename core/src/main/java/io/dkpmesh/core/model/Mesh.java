package io.dkpmesh.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A mesh over some of the clusters.
 *
 * @param pointer JSON pointer of the mesh in the topology, for findings
 * @param sourceIPPreserved the user states that flat-network traffic keeps the caller pod's IP
 * @param mtls the Istio mTLS mode the mesh asks of the namespaces it protects: {@link #PERMISSIVE}
 *     (DKP's default: it sets no PeerAuthentication) or {@link #STRICT}
 * @param hubs the members that are hubs of a hub-and-spoke mesh, in topology order; empty for a full
 *     mesh, where every member peers with every other
 */
public record Mesh(
        String pointer,
        String name,
        MeshType type,
        Provider provider,
        List<String> clusters,
        IngressGateway ingressGateway,
        List<Export> exports,
        List<String> namespaces,
        boolean flatNetwork,
        boolean sourceIPPreserved,
        List<AccessRule> access,
        List<TrafficRule> traffic,
        int maxConnectedClusters,
        String mtls,
        List<String> hubs) {

    public static final String PERMISSIVE = "PERMISSIVE";
    public static final String STRICT = "STRICT";

    public boolean strictMtls() {
        return STRICT.equals(mtls);
    }

    public Mesh {
        clusters = List.copyOf(clusters);
        exports = List.copyOf(exports);
        namespaces = List.copyOf(namespaces);
        access = List.copyOf(access);
        traffic = List.copyOf(traffic);
        hubs = List.copyOf(hubs);
    }

    /** Whether the members are split into hubs and spokes (else every member peers with every other). */
    public boolean hubAndSpoke() {
        return !hubs.isEmpty();
    }

    /** Whether a member is a hub of this mesh; in a full mesh no member is. */
    public boolean isHub(String member) {
        return hubs.contains(member);
    }

    /**
     * The members a member peers with, in topology order: every other member in a full mesh and for
     * a hub; only the hubs for a spoke (spokes do not peer with each other). Empty for a non-member.
     * This is the one place the shape of a mesh is decided: planners, access and graph ask it.
     */
    public List<String> peersOf(String member) {
        if (!has(member)) {
            return List.of();
        }
        List<String> candidates = !hubAndSpoke() || isHub(member) ? clusters : hubs;
        return candidates.stream().filter(name -> !name.equals(member)).toList();
    }

    /** Whether two different members peer in this mesh. */
    public boolean peered(String a, String b) {
        // the hub test first: it is over the few hubs, membership over every member
        return !a.equals(b) && (!hubAndSpoke() || isHub(a) || isHub(b)) && has(a) && has(b);
    }

    /** How many peers a member has, without listing them. */
    public int peerCount(String member) {
        if (!has(member)) {
            return 0;
        }
        return !hubAndSpoke() || isHub(member) ? clusters.size() - 1 : hubs.size();
    }

    /** The members that are not hubs, in topology order; empty in a full mesh. */
    public List<String> spokes() {
        return hubAndSpoke() ? clusters.stream().filter(c -> !isHub(c)).toList() : List.of();
    }

    public boolean isIstioAlliance() {
        return provider == Provider.ISTIO && type != MeshType.SINGLE;
    }

    /** Whether this is a Cilium ClusterMesh between members: provider cilium, federation or multicluster. */
    public boolean isClusterMesh() {
        return provider == Provider.CILIUM && type != MeshType.SINGLE;
    }

    public boolean has(String cluster) {
        return clusters.contains(cluster);
    }

    /**
     * The labels of an export's pods: the export's own {@code workloadLabels}, else those an access
     * rule of this mesh on the same Service gives, else the default {@code app: <service>}.
     */
    public java.util.Map<String, String> workloadLabels(Export export) {
        if (!export.workloadLabels().isEmpty()) {
            return export.workloadLabels();
        }
        return access.stream()
                .filter(rule -> rule.namespace().equals(export.namespace())
                        && rule.service().map(export.service()::equals).orElse(false)
                        && !rule.workloadLabels().isEmpty())
                .map(AccessRule::workloadLabels)
                .findFirst()
                .orElse(java.util.Map.of(AccessRule.APP_LABEL, export.service()));
    }

    /**
     * The labels that select the pods an access rule of a cilium mesh protects: its own
     * {@code workloadLabels}, else those of an export of its Service that gives them, else
     * {@link AccessRule#podSelector()}'s default; so the rule and the federation boundary select the
     * same pods.
     */
    public java.util.Map<String, String> ciliumPodSelector(AccessRule rule) {
        if (rule.service().isEmpty() || !rule.workloadLabels().isEmpty()) {
            return rule.podSelector();
        }
        return exports.stream()
                .filter(e -> e.namespace().equals(rule.namespace())
                        && e.service().equals(rule.service().get())
                        && !e.workloadLabels().isEmpty())
                .map(Export::workloadLabels)
                .findFirst()
                .orElse(rule.podSelector());
    }

    /**
     * Whether the pods an access rule of a cilium mesh protects run in a member: everywhere, except
     * that the pods of a Service this federation exports run only in its exporters (the others hold
     * that Service without a selector).
     */
    public boolean ciliumRuleRunsIn(AccessRule rule, String cluster) {
        if (type != MeshType.FEDERATION || rule.service().isEmpty()) {
            return true;
        }
        List<String> exporters = exporters(rule.namespace(), rule.service());
        return exporters.isEmpty() || exporters.contains(cluster);
    }

    /** Whether a member exports {@code namespace/service} in this mesh. */
    public boolean exports(String cluster, String namespace, String service) {
        return exports.stream()
                .anyMatch(e -> e.cluster().equals(cluster)
                        && e.namespace().equals(namespace)
                        && e.service().equals(service));
    }

    /**
     * The members that export {@code service} of {@code namespace}, or any service of it when
     * {@code service} is empty, in topology order without repeats.
     */
    public List<String> exporters(String namespace, Optional<String> service) {
        return exports.stream()
                .filter(e -> e.namespace().equals(namespace)
                        && service.map(e.service()::equals).orElse(true))
                .map(Export::cluster)
                .distinct()
                .toList();
    }

    /**
     * The namespaces of cluster {@code caller} whose callers this mesh's access rules admit to
     * {@code service} of {@code namespace}, sorted; empty when they admit every namespace of it (no
     * rule covers the service, or a covering rule admits the whole cluster).
     */
    public Optional<java.util.SortedSet<String>> admittedNamespaces(String caller, String namespace, String service) {
        List<AccessRule> covering = access.stream()
                .filter(r -> r.namespace().equals(namespace)
                        && r.service().map(service::equals).orElse(true))
                .toList();
        if (covering.isEmpty()) {
            return Optional.empty();
        }
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>();
        for (AccessRule rule : covering) {
            for (AccessRule.Caller from : rule.from()) {
                if (from.cluster().map(caller::equals).orElse(true)) {
                    if (from.namespace().isEmpty()) {
                        return Optional.empty();
                    }
                    namespaces.add(from.namespace().get());
                }
            }
        }
        return Optional.of(java.util.Collections.unmodifiableSortedSet(namespaces));
    }

    /** Pointer of the i-th entry of {@code clusters}. */
    public String memberPointer(String cluster) {
        return pointer + "/clusters/" + clusters.indexOf(cluster);
    }

    /**
     * Whether a cluster's alliance gateway carries multicluster traffic besides federation traffic:
     * some Istio multicluster of its {@code meshes} is not flat, so its peers pass the gateway with the
     * same SNIs a federation peer sends (they share the cluster domain). Then no boundary by SNI can
     * be put on the gateway without cutting them.
     */
    public static boolean gatewayCarriesMulticluster(List<Mesh> meshes) {
        return meshes.stream()
                .anyMatch(m -> m.provider() == Provider.ISTIO && m.type() == MeshType.MULTICLUSTER && !m.flatNetwork());
    }
}
