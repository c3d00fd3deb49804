package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.access.IstioAuthorization.Action;
import io.dkpmesh.core.access.IstioAuthorization.Peer;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes the access matrix from rendered objects. How a caller reaches a target at all is read
 * from the objects too: two clusters federate when each holds an IstioFederation naming the
 * other's trust domain, and then callers reach exactly the Services labelled
 * {@code federation.istio.deckhouse.io/public-service} (DKP turns those into ServiceEntries in the
 * peer: {@code ee/modules/110-istio/hooks/.../federation_discovery}, DOMAIN.md §1.9); two clusters
 * in a multicluster each hold an IstioMulticluster for the other, and see every Service (DOMAIN.md
 * §1.8); Cilium ClusterMesh peers route pod to pod, so only network policies stand between them.
 * Only the identities and addresses come from the topology: trust domain = clusterDomain, pod
 * subnets, and the ClusterMesh cluster names.
 */
public final class AccessEvaluator {

    /** Where DKP runs istiod; Istio's root namespace defaults to the control plane's. */
    static final String ISTIO_ROOT_NAMESPACE = "d8-istio";
    /** The pod label service-scoped policies select on (the planners' convention). */
    static final String APP_LABEL = "app";
    /** The service account a caller stands for; principals of the form {@code .../sa/*} match any. */
    static final String SERVICE_ACCOUNT = "default";

    private final Topology topology;
    private final FleetObjects objects;
    private final Map<String, Cluster> clusters;
    private final Map<String, List<IstioAuthorization>> authorizations = new HashMap<>();
    private final Map<String, List<CiliumPolicy>> networkPolicies = new HashMap<>();
    private final Universe universe;
    private final Map<String, String> ciliumNames = new HashMap<>();
    private final Map<String, Set<String>> ciliumPeers = new HashMap<>();
    /** {@code namespace/service} → the pod labels an access rule says the service's workloads carry. */
    private final Map<String, Map<String, String>> workloads = new HashMap<>();

    public AccessEvaluator(Topology topology, FleetObjects objects) {
        this.topology = topology;
        this.objects = objects;
        this.clusters =
                topology.clusters().stream().collect(Collectors.toMap(Cluster::name, Function.identity(), (a, b) -> a));
        this.universe = new Universe(topology);
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == Provider.CILIUM && mesh.type() != MeshType.SINGLE) {
                for (String member : mesh.clusters()) {
                    ciliumNames.put(member, member);
                    ciliumPeers
                            .computeIfAbsent(member, m -> new java.util.HashSet<>())
                            .addAll(mesh.clusters());
                }
            }
        }
        for (Mesh mesh : topology.meshes()) {
            for (AccessRule rule : mesh.access()) {
                if (rule.service().isPresent() && !rule.workloadLabels().isEmpty()) {
                    workloads.put(rule.namespace() + "/" + rule.service().get(), rule.workloadLabels());
                }
            }
        }
        for (Cluster cluster : topology.clusters()) {
            FleetObjects.ClusterObjects own = objects.cluster(cluster.name());
            authorizations.put(
                    cluster.name(),
                    own.authorizationPolicies.stream()
                            .map(o -> IstioAuthorization.parse(o.object(), o.namespace(), o.metadata(), o.spec()))
                            .toList());
            String ciliumName = ciliumName(cluster.name());
            networkPolicies.put(
                    cluster.name(),
                    own.networkPolicies.stream()
                            .map(o -> CiliumPolicy.parse(o.object(), o.namespace(), o.spec(), ciliumName, true))
                            .toList());
        }
    }

    /** Computes the matrix of every target the topology names. */
    public AccessMatrix matrix() {
        List<TargetAccess> targets = new ArrayList<>();
        Map<String, CallerGroup> groups = new HashMap<>();
        for (Map.Entry<String, java.util.SortedSet<Target>> entry : universe.targets.entrySet()) {
            String cluster = entry.getKey();
            // the callers come cluster by cluster: each cluster's are decided together, on the routes of that pair
            List<CallerSet> sets = new ArrayList<>();
            int count = 0;
            String current = null;
            List<Caller> members = null;
            for (Caller caller : universe.callers(cluster)) {
                if (!caller.cluster().equals(current)) {
                    current = caller.cluster();
                    members = new ArrayList<>();
                    sets.add(new CallerSet(groups.computeIfAbsent(current, CallerGroup::new), members));
                }
                members.add(caller);
                count++;
            }
            // routes depend on the two clusters and on whether the target is exported: one lookup per pair, not per
            // target
            Map<String, Routes> exportedRoutes = new HashMap<>();
            Map<String, Routes> otherRoutes = new HashMap<>();
            Map<String, String> gateway =
                    endpointLabels(cluster, ISTIO_ROOT_NAMESPACE, Map.of("app", "ingressgateway"));
            for (Target target : entry.getValue()) {
                targets.add(evaluate(target, sets, count, exportedRoutes, otherRoutes, gateway));
            }
        }
        return new AccessMatrix(topology.name(), targets);
    }

    /**
     * The callers of one cluster: they share every route to a target, so an unreachable target is
     * decided once for all of them; their identities are built only once some target is reachable.
     */
    private final class CallerGroup {
        final String cluster;
        /** Identities by caller, built on first use. */
        final Map<Caller, CallerIdentity> identities = new HashMap<>();

        CallerGroup(String cluster) {
            this.cluster = cluster;
        }

        CallerIdentity identity(Caller caller) {
            CallerIdentity identity = identities.get(caller);
            if (identity == null) {
                identity = AccessEvaluator.this.identity(caller);
                identities.put(caller, identity);
            }
            return identity;
        }
    }

    /** The callers of one cluster that a target cluster lists, in caller order. */
    private static final class CallerSet {
        final CallerGroup group;
        final List<Caller> callers;
        /**
         * Their decisions where no route leads: the same for every target the route stands for (an
         * unexported Service of a federation peer), so built once per route, not once per target.
         */
        private final Map<Routes, List<Decision>> unreachable = new java.util.IdentityHashMap<>();

        CallerSet(CallerGroup group, List<Caller> callers) {
            this.group = group;
            this.callers = callers;
        }

        List<Decision> unreachable(Routes route) {
            List<Decision> decisions = unreachable.get(route);
            if (decisions == null) {
                decisions = new ArrayList<>(callers.size());
                for (Caller caller : callers) {
                    decisions.add(new Decision(caller, Verdict.UNREACHABLE, List.of(), route.unreachable(), ""));
                }
                unreachable.put(route, decisions);
            }
            return decisions;
        }
    }

    /** What a caller carries on every path: computed once per caller, not per target. */
    private record CallerIdentity(
            Caller caller, Optional<String> principal, Peer own, Peer anonymous, Map<String, String> endpoint) {}

    private CallerIdentity identity(Caller caller) {
        Optional<String> principal =
                Optional.of(trustDomain(caller.cluster()) + "/ns/" + caller.namespace() + "/sa/" + SERVICE_ACCOUNT);
        return new CallerIdentity(
                caller,
                principal,
                new Peer(principal, subnet(caller.cluster())),
                new Peer(Optional.empty(), subnet(caller.cluster())),
                endpointLabels(caller.cluster(), caller.namespace(), Map.of()));
    }

    Universe universe() {
        return universe;
    }

    private TargetAccess evaluate(
            Target target,
            List<CallerSet> callers,
            int count,
            Map<String, Routes> exportedRoutes,
            Map<String, Routes> otherRoutes,
            Map<String, String> gateway) {
        Map<String, String> pod = podLabels(target);
        Map<String, String> endpoint = endpointLabels(target.cluster(), target.namespace(), pod);
        List<IstioAuthorization> istio = new ArrayList<>();
        for (IstioAuthorization p : authorizations.getOrDefault(target.cluster(), List.of())) {
            if (!p.dryRun()
                    && p.action() != Action.AUDIT
                    && p.appliesTo(target.namespace(), pod, ISTIO_ROOT_NAMESPACE)) {
                istio.add(p);
            }
        }
        List<CiliumPolicy> cilium = new ArrayList<>();
        for (CiliumPolicy p : networkPolicies.getOrDefault(target.cluster(), List.of())) {
            if (p.selects(target.namespace(), endpoint)) {
                cilium.add(p);
            }
        }
        Set<String> protectedBy = new LinkedHashSet<>();
        for (IstioAuthorization p : istio) {
            protectedBy.add(p.object());
        }
        for (CiliumPolicy p : cilium) {
            protectedBy.add(p.object());
        }
        Layers layers =
                new Layers(istio, cilium, new IstioAuthorization.Decider(istio), new CiliumPolicy.Decider(cilium));
        boolean exported = !target.service().equals(Target.ANY)
                && objects.serviceLabels(target.cluster(), target.namespace(), target.service())
                        .containsKey(FleetObjects.PUBLIC_SERVICE);
        Map<String, Routes> routes = exported ? exportedRoutes : otherRoutes;
        List<Decision> decisions = new ArrayList<>(count);
        // where only the Istio identity can tell callers apart (no Cilium policy selects the target, no
        // ipBlocks), callers of clusters with the same routes and trust domain get the same verdicts
        // (a multicluster's members): those are decided once per target
        Map<String, List<Decision>> shared =
                cilium.isEmpty() && layers.istioDecider().byPrincipal() ? new HashMap<>() : null;
        for (CallerSet set : callers) {
            CallerGroup group = set.group;
            Routes route = routes.get(group.cluster);
            if (route == null) {
                route = routes(target.cluster(), group.cluster, exported, gateway);
                routes.put(group.cluster, route);
            }
            if (route.routes().isEmpty()) {
                decisions.addAll(set.unreachable(route));
                continue;
            }
            List<Decision> same = shared == null ? null : shared.get(route.identities());
            if (same != null && same.size() == set.callers.size()) {
                boolean reused = true;
                for (int i = 0; i < same.size() && reused; i++) {
                    reused = same.get(i)
                            .caller()
                            .namespace()
                            .equals(set.callers.get(i).namespace());
                }
                if (reused) {
                    for (int i = 0; i < same.size(); i++) {
                        Decision d = same.get(i);
                        decisions.add(new Decision(set.callers.get(i), d.verdict(), d.by(), d.reason(), d.via()));
                    }
                    continue;
                }
            }
            int first = decisions.size();
            for (Caller caller : set.callers) {
                decisions.add(decide(group.identity(caller), route, layers));
            }
            if (shared != null && same == null) {
                shared.put(route.identities(), List.copyOf(decisions.subList(first, decisions.size())));
            }
        }
        return new TargetAccess(target, List.copyOf(protectedBy), decisions);
    }

    /** The policies that apply to one target, with their decisions built once for all of its callers. */
    private record Layers(
            List<IstioAuthorization> istio,
            List<CiliumPolicy> cilium,
            IstioAuthorization.Decider istioDecider,
            CiliumPolicy.Decider ciliumDecider) {}

    private enum Route {
        IN_CLUSTER("in-cluster"),
        MULTICLUSTER_DIRECT("istio multicluster, pod to pod"),
        MULTICLUSTER_GATEWAY("istio multicluster, through the ingress gateway"),
        FEDERATION_GATEWAY("istio federation, through the ingress gateway"),
        CILIUM("cilium clustermesh, pod to pod");

        final String how;

        Route(String how) {
            this.how = how;
        }
    }

    /**
     * The ways packets of a cluster's pods reach the target cluster's pods, and whether Istio trust
     * (an identity the target's sidecars accept) exists between them.
     */
    private record Routes(
            List<Route> routes,
            boolean istioTrust,
            String unreachable,
            Map<String, String> gatewayEndpoint,
            Optional<String> gatewaySubnet,
            Optional<io.dkpmesh.core.model.Cidr> gatewayNetwork,
            String identities) {}

    /** One way a caller's packets reach the target's pod, and what they carry. */
    private record Path(String how, Peer peer, Map<String, String> source) {}

    private Decision decide(CallerIdentity caller, Routes routes, Layers layers) {
        if (routes.routes().isEmpty()) {
            return new Decision(caller.caller(), Verdict.UNREACHABLE, List.of(), routes.unreachable(), "");
        }
        Decision denied = null;
        for (Route route : routes.routes()) {
            Decision decision = layers(caller.caller(), path(caller, route, routes), layers);
            if (decision.admitted()) {
                return decision;
            }
            if (denied == null) {
                denied = decision;
            }
        }
        return denied;
    }

    private static Path path(CallerIdentity caller, Route route, Routes routes) {
        return switch (route) {
            // AUTO_PASSTHROUGH keeps the caller's mTLS identity; the packet comes from the gateway pod
            case MULTICLUSTER_GATEWAY, FEDERATION_GATEWAY ->
                new Path(
                        route.how,
                        new Peer(caller.principal(), routes.gatewaySubnet(), routes.gatewayNetwork()),
                        routes.gatewayEndpoint());
            // pod IPs route between ClusterMesh members whatever Services are global; an identity only where Istio
            // trust exists
            case CILIUM ->
                new Path(route.how, routes.istioTrust() ? caller.own() : caller.anonymous(), caller.endpoint());
            case IN_CLUSTER, MULTICLUSTER_DIRECT -> new Path(route.how, caller.own(), caller.endpoint());
        };
    }

    /** Every route from a caller cluster to the target cluster, read from the rendered peer objects. */
    private Routes routes(String target, String caller, boolean exported, Map<String, String> gateway) {
        if (caller.equals(target)) {
            return new Routes(
                    List.of(Route.IN_CLUSTER),
                    true,
                    "",
                    gateway,
                    subnet(target),
                    network(target),
                    Route.IN_CLUSTER + "|" + trustDomain(caller));
        }
        List<Route> routes = new ArrayList<>();
        String why = "no mesh links " + caller + " to " + target;
        FleetObjects.ClusterObjects there = objects.cluster(target);
        FleetObjects.ClusterObjects here = objects.cluster(caller);
        boolean federated = there.federationTrustDomains.contains(trustDomain(caller))
                && here.federationTrustDomains.contains(trustDomain(target));
        Optional<String> thereEndpoint = endpoint(target);
        Optional<String> hereEndpoint = endpoint(caller);
        boolean multicluster = thereEndpoint.isPresent()
                && hereEndpoint.isPresent()
                && here.multiclusterPeers.containsKey(thereEndpoint.get())
                && there.multiclusterPeers.containsKey(hereEndpoint.get());
        if (multicluster) {
            routes.add(
                    here.multiclusterPeers.get(thereEndpoint.get())
                            ? Route.MULTICLUSTER_GATEWAY
                            : Route.MULTICLUSTER_DIRECT);
        } else if (federated) {
            if (exported) {
                routes.add(Route.FEDERATION_GATEWAY);
            } else {
                why = "not exported: " + target + " does not label it " + FleetObjects.PUBLIC_SERVICE + ", so " + caller
                        + " gets no ServiceEntry for it";
            }
        }
        if (ciliumLinked(target, caller)) {
            routes.add(Route.CILIUM);
        }
        return new Routes(
                routes,
                federated || multicluster,
                why,
                gateway,
                subnet(target),
                subnet(target).flatMap(IstioAuthorization::cidr),
                routes + "|" + (federated || multicluster) + "|" + trustDomain(caller));
    }

    private Decision layers(Caller caller, Path path, Layers layers) {
        LayerVerdict istio = layers.istioDecider().decide(path.peer());
        if (!istio.allowed()) {
            return new Decision(caller, Verdict.DENIED, istio.by(), istio.reason(), path.how());
        }
        LayerVerdict cilium = layers.ciliumDecider().decide(path.source());
        if (!cilium.allowed()) {
            return new Decision(caller, Verdict.DENIED, cilium.by(), cilium.reason(), path.how());
        }
        List<String> by = istio.by().isEmpty()
                ? cilium.by()
                : cilium.by().isEmpty()
                        ? istio.by()
                        : java.util.stream.Stream.concat(istio.by().stream(), cilium.by().stream())
                                .toList();
        String reason = !by.isEmpty()
                ? "a rule allows it"
                : layers.istio().isEmpty() && layers.cilium().isEmpty() ? "no policy selects it" : "no rule denies it";
        return new Decision(caller, Verdict.ADMITTED, by, reason, path.how());
    }

    /** The pod labels of a target's workload: {@code app: <service>}; none for the stand-in of other workloads. */
    /**
     * The labels of a service's pods: those an access rule of the topology gives as its
     * {@code workloadLabels}, else the planners' default {@code app: <service>}.
     */
    Map<String, String> podLabels(Target target) {
        if (target.service().equals(Target.ANY)) {
            return Map.of();
        }
        return workloads.getOrDefault(target.namespace() + "/" + target.service(), Map.of(APP_LABEL, target.service()));
    }

    private Map<String, String> endpointLabels(String cluster, String namespace, Map<String, String> pod) {
        Map<String, String> labels = new HashMap<>(pod);
        labels.put(CiliumPolicy.NAMESPACE_LABEL, namespace);
        labels.put(CiliumPolicy.CLUSTER_LABEL, ciliumName(cluster));
        return labels;
    }

    /** The ClusterMesh name: the cluster's own in a Cilium mesh of several members, else DKP cni-cilium's {@code default}. */
    private String ciliumName(String cluster) {
        return ciliumNames.getOrDefault(cluster, "default");
    }

    private boolean ciliumLinked(String a, String b) {
        return ciliumPeers.getOrDefault(a, Set.of()).contains(b);
    }

    private String trustDomain(String cluster) {
        return Optional.ofNullable(clusters.get(cluster))
                .map(Cluster::clusterDomain)
                .orElse(Cluster.DEFAULT_CLUSTER_DOMAIN);
    }

    /** A cluster's pod subnet as a network, parsed once per cluster (every route to it carries it). */
    private Optional<io.dkpmesh.core.model.Cidr> network(String cluster) {
        return networks.computeIfAbsent(cluster, c -> subnet(c).flatMap(IstioAuthorization::cidr));
    }

    private final Map<String, Optional<io.dkpmesh.core.model.Cidr>> networks = new HashMap<>();

    private Optional<String> subnet(String cluster) {
        return Optional.ofNullable(clusters.get(cluster)).map(Cluster::podSubnetCIDR);
    }

    private Optional<String> endpoint(String cluster) {
        return Optional.ofNullable(clusters.get(cluster)).flatMap(Cluster::effectiveMetadataEndpoint);
    }
}
