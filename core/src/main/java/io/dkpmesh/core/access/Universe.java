package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which targets and callers the matrix lists: the workloads and namespaces the topology names
 * (in access rules, exports, shared namespaces and traffic rules), in every cluster of a mesh that
 * names them, plus one stand-in ({@code *}) for every other workload of a namespace and every other
 * namespace. Only the names come from the topology; the verdicts come from the rendered objects.
 */
final class Universe {

    /** Targets per cluster. */
    final SortedMap<String, SortedSet<Target>> targets = new TreeMap<>();
    /** For each cluster, the clusters it peers with in some mesh ({@link Mesh#peersOf}), itself included. */
    final Map<String, SortedSet<String>> linked = new TreeMap<>();
    /** For each cluster, the namespaces its meshes name, and {@code *}. */
    final Map<String, SortedSet<String>> namespaces = new TreeMap<>();
    /**
     * The Services a cilium federation member holds only to reach another member's export (the
     * consumer Service without a selector), with the exporters: routes, not targets, since no pod
     * of that member backs them.
     */
    final SortedMap<Target, SortedSet<String>> routes = new TreeMap<>();
    /** The clusters of Istio meshes: their pods may run with a sidecar or without one. */
    final java.util.Set<String> istio = new java.util.HashSet<>();
    /** For each cluster, the service accounts its meshes' access rules name, by namespace. */
    final Map<String, SortedMap<String, SortedSet<String>>> serviceAccounts = new TreeMap<>();

    Universe(Topology topology) {
        this(topology, java.util.Set.of());
    }

    /**
     * @param alsoNamed namespaces to list as callers besides those the topology names: those the
     *                  rendered objects of a tree being compared name, so a caller that a change
     *                  removes from the topology still shows as cut off
     */
    Universe(Topology topology, java.util.Set<String> alsoNamed) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == io.dkpmesh.core.model.Provider.ISTIO) {
                istio.addAll(mesh.clusters());
            }
            SortedMap<String, SortedSet<String>> services = new TreeMap<>();
            SortedSet<String> named = new TreeSet<>();
            SortedMap<String, SortedSet<String>> accounts = new TreeMap<>();
            for (AccessRule rule : mesh.access()) {
                service(services, rule.namespace(), rule.service().orElse(Target.ANY));
                rule.from().forEach(caller -> caller.namespace().ifPresent(named::add));
                rule.from()
                        .forEach(caller -> caller.serviceAccount()
                                .ifPresent(sa -> accounts.computeIfAbsent(
                                                caller.namespace().orElseThrow(), ns -> new TreeSet<>())
                                        .add(sa)));
            }
            for (Export export : mesh.exports()) {
                service(services, export.namespace(), export.service());
            }
            if (mesh.type() == MeshType.MULTICLUSTER) {
                mesh.namespaces().forEach(ns -> service(services, ns, Target.ANY));
            }
            for (TrafficRule rule : mesh.traffic()) {
                service(services, rule.namespace(), rule.service());
            }
            named.addAll(services.keySet());
            named.addAll(alsoNamed);
            named.add(Target.ANY);
            for (String member : mesh.clusters()) {
                SortedSet<Target> own = targets.computeIfAbsent(member, c -> new TreeSet<>());
                services.forEach((ns, names) -> names.forEach(name -> own.add(new Target(member, ns, name))));
                // a hub-and-spoke mesh links a spoke to its hubs only: spoke to spoke is not peered
                SortedSet<String> links = linked.computeIfAbsent(member, c -> new TreeSet<>());
                links.add(member);
                links.addAll(mesh.peersOf(member));
                namespaces.computeIfAbsent(member, c -> new TreeSet<>()).addAll(named);
                SortedMap<String, SortedSet<String>> byNamespace =
                        serviceAccounts.computeIfAbsent(member, c -> new TreeMap<>());
                accounts.forEach((ns, names) ->
                        byNamespace.computeIfAbsent(ns, n -> new TreeSet<>()).addAll(names));
            }
        }
        consumerRoutes(topology);
    }

    /**
     * A member of a cilium federation that does not export a Service there, does not export it in
     * another federation and does not share its namespace in a cilium multicluster offers no pods of
     * its own for it (CiliumPlanner marks it {@code service.cilium.io/shared: "false"}).
     */
    private void consumerRoutes(Topology topology) {
        java.util.Set<String> offered = new java.util.HashSet<>();
        for (Mesh mesh : topology.meshes()) {
            mesh.exports().forEach(e -> offered.add(e.cluster() + "/" + e.key()));
            if (mesh.type() == MeshType.MULTICLUSTER) {
                mesh.clusters().forEach(c -> mesh.namespaces().forEach(ns -> offered.add(c + "/" + ns + "/")));
            }
        }
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() != io.dkpmesh.core.model.Provider.CILIUM || mesh.type() != MeshType.FEDERATION) {
                continue;
            }
            for (Export export : mesh.exports()) {
                for (String member : mesh.clusters()) {
                    if (!export.cluster().equals(member) && !mesh.peered(member, export.cluster())) {
                        continue;
                    }
                    if (!offered.contains(member + "/" + export.key())
                            && !offered.contains(member + "/" + export.namespace() + "/")) {
                        Target route = new Target(member, export.namespace(), export.service());
                        routes.computeIfAbsent(route, r -> new TreeSet<>()).add(export.cluster());
                        SortedSet<Target> own = targets.get(member);
                        if (own != null) {
                            own.remove(route);
                        }
                    }
                }
            }
        }
    }

    private static void service(SortedMap<String, SortedSet<String>> services, String namespace, String service) {
        SortedSet<String> names = services.computeIfAbsent(namespace, ns -> new TreeSet<>());
        names.add(service);
        names.add(Target.ANY);
    }

    /**
     * The callers of a target: every named namespace of every cluster linked to it, and every named
     * service account of those namespaces, cluster by cluster; and of each cluster of an Istio mesh
     * its pods without a sidecar, right after its {@code *}.
     */
    List<Caller> callers(String cluster) {
        SortedSet<String> ns = new TreeSet<>();
        SortedMap<String, SortedSet<String>> accounts = new TreeMap<>();
        List<Caller> callers = new ArrayList<>();
        for (String peer : linked.getOrDefault(cluster, new TreeSet<>())) {
            ns.addAll(namespaces.getOrDefault(peer, new TreeSet<>()));
            serviceAccounts
                    .getOrDefault(peer, new TreeMap<>())
                    .forEach((n, names) ->
                            accounts.computeIfAbsent(n, k -> new TreeSet<>()).addAll(names));
        }
        for (String peer : linked.getOrDefault(cluster, new TreeSet<>())) {
            List<Caller> own = new ArrayList<>();
            ns.forEach(n -> {
                own.add(new Caller(peer, n));
                if (n.equals(Target.ANY) && istio.contains(peer)) {
                    own.add(Caller.withoutSidecar(peer));
                }
                accounts.getOrDefault(n, new TreeSet<>()).forEach(sa -> own.add(new Caller(peer, n, sa)));
            });
            if (!accounts.isEmpty()) {
                // in the matrix's order, where a service account's caller follows its namespace's
                java.util.Collections.sort(own);
            }
            callers.addAll(own);
        }
        return callers;
    }
}
