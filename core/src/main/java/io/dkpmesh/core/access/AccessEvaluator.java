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

    private final Topology topology;
    private final FleetObjects objects;
    private final Map<String, Cluster> clusters;
    private final Map<String, List<IstioAuthorization>> authorizations = new HashMap<>();
    private final Map<String, List<CiliumPolicy>> networkPolicies = new HashMap<>();
    /** Per cluster, its PeerAuthentications: the mTLS mode of each workload. */
    private final Map<String, PeerAuthentications> peerAuthentications = new HashMap<>();
    /** Each mTLS outcome as one instance, so that it can key the layers' memo by identity. */
    private final Map<PeerAuthentications.Mtls, PeerAuthentications.Mtls> mtlsValues = new HashMap<>();

    private final Universe universe;
    private final Map<String, String> ciliumNames = new HashMap<>();
    private final Map<String, Set<String>> ciliumPeers = new HashMap<>();
    /** {@code namespace/service} → the pod labels an access rule says the service's workloads carry. */
    private final Map<String, Map<String, String>> workloads = new HashMap<>();
    /** {@code cluster/namespace/service} → the labels of a cilium federation export's pods where it runs. */
    private final Map<String, Map<String, String>> exported = new HashMap<>();
    /** {@code cluster/namespace/service} → a cilium federation export's ports where it runs. */
    private final Map<String, List<CiliumPolicy.TargetPort>> exportedPorts = new HashMap<>();
    /** Equal port lists as one instance, so that they can key the layers' memo by identity. */
    private final Map<List<CiliumPolicy.TargetPort>, List<CiliumPolicy.TargetPort>> portLists = new HashMap<>();

    /** Whether targets share what they can (see {@link Memo}); off only to test that sharing changes nothing. */
    private final boolean share;

    /** The meshes whose provider this package does not model: their members' verdicts are unknown. */
    private final UnmodelledMeshes unmodelled;

    public AccessEvaluator(Topology topology, FleetObjects objects) {
        this(topology, objects, true, java.util.Set.of(), Set.of());
    }

    /**
     * An evaluator that lists as callers, besides the namespaces the topology names, those in
     * {@code alsoNamed} (for comparing two trees, whose objects may name callers one topology no
     * longer does; empty otherwise), and whose matrix knows nothing of the meshes of
     * {@code unmodelled} providers ({@link UnmodelledMeshes}): those the registered providers say
     * this package does not model.
     */
    public AccessEvaluator(
            Topology topology, FleetObjects objects, java.util.Set<String> alsoNamed, Set<Provider> unmodelled) {
        this(topology, objects, true, alsoNamed, unmodelled);
    }

    AccessEvaluator(Topology topology, FleetObjects objects, boolean share) {
        this(topology, objects, share, java.util.Set.of(), Set.of());
    }

    /**
     * @param share whether targets share their layers, rows and segments; without, each target is
     *              decided on its own (slow: for tests that compare the two)
     */
    private AccessEvaluator(
            Topology topology,
            FleetObjects objects,
            boolean share,
            java.util.Set<String> alsoNamed,
            Set<Provider> unmodelled) {
        this.share = share;
        this.unmodelled = UnmodelledMeshes.of(topology, unmodelled);
        this.topology = topology;
        this.objects = objects;
        this.clusters =
                topology.clusters().stream().collect(Collectors.toMap(Cluster::name, Function.identity(), (a, b) -> a));
        this.universe = new Universe(topology, alsoNamed);
        for (Mesh mesh : topology.meshes()) {
            if (mesh.isClusterMesh()) {
                for (String member : mesh.clusters()) {
                    ciliumNames.put(member, member);
                    Set<String> peers = ciliumPeers.computeIfAbsent(member, m -> new java.util.HashSet<>());
                    peers.add(member);
                    peers.addAll(mesh.peersOf(member));
                }
            }
        }
        for (Mesh mesh : topology.meshes()) {
            for (AccessRule rule : mesh.access()) {
                if (rule.service().isPresent() && !rule.workloadLabels().isEmpty()) {
                    workloads.put(rule.namespace() + "/" + rule.service().get(), rule.workloadLabels());
                }
            }
            if (mesh.provider() == Provider.CILIUM && mesh.type() == MeshType.FEDERATION) {
                for (io.dkpmesh.core.model.Export export : mesh.exports()) {
                    String key = export.cluster() + "/" + export.key();
                    exported.putIfAbsent(key, mesh.workloadLabels(export));
                    if (!export.ports().isEmpty()) {
                        List<CiliumPolicy.TargetPort> ports = export.ports().stream()
                                .map(p -> new CiliumPolicy.TargetPort(p.port(), p.protocol()))
                                .toList();
                        exportedPorts.putIfAbsent(key, portLists.computeIfAbsent(ports, k -> k));
                    }
                }
            }
        }
        // equal objects (a multicluster renders the same policies in every member) are parsed once, into one
        // instance, so that targets they select in different clusters share their layers and decisions
        Map<List<Object>, IstioAuthorization> istioParsed = new HashMap<>();
        Map<List<Object>, CiliumPolicy> ciliumParsed = new HashMap<>();
        Map<List<Object>, PeerAuthentications.Policy> modesParsed = new HashMap<>();
        mtlsValues.put(PeerAuthentications.DEFAULT, PeerAuthentications.DEFAULT);
        for (Cluster cluster : topology.clusters()) {
            FleetObjects.ClusterObjects own = objects.cluster(cluster.name());
            List<IstioAuthorization> istio = new ArrayList<>();
            for (FleetObjects.RawObject o : own.authorizationPolicies) {
                List<Object> read = List.of(o.object(), o.namespace(), o.metadata(), o.spec());
                IstioAuthorization policy = share ? istioParsed.get(read) : null;
                if (policy == null) {
                    policy = IstioAuthorization.parse(o.object(), o.namespace(), o.metadata(), o.spec());
                    istioParsed.put(read, policy);
                }
                istio.add(policy);
            }
            authorizations.put(cluster.name(), List.copyOf(istio));
            String ciliumName = ciliumName(cluster.name());
            List<CiliumPolicy> cilium = new ArrayList<>();
            for (FleetObjects.RawObject o : own.networkPolicies) {
                // the agent's cluster name narrows the peers: part of what is read
                boolean local = defaultLocalCluster(cluster.name());
                List<Object> read = List.of(o.object(), o.namespace(), o.spec(), ciliumName, local);
                CiliumPolicy policy = share ? ciliumParsed.get(read) : null;
                if (policy == null) {
                    policy = CiliumPolicy.parse(o.object(), o.namespace(), o.spec(), ciliumName, local);
                    ciliumParsed.put(read, policy);
                }
                cilium.add(policy);
            }
            networkPolicies.put(cluster.name(), List.copyOf(cilium));
            List<PeerAuthentications.Policy> modes = new ArrayList<>();
            for (FleetObjects.RawObject o : own.peerAuthentications) {
                List<Object> read = List.of(o.object(), o.namespace(), o.spec());
                PeerAuthentications.Policy policy = share ? modesParsed.get(read) : null;
                if (policy == null) {
                    policy = PeerAuthentications.Policy.parse(o.object(), o.namespace(), o.spec());
                    modesParsed.put(read, policy);
                }
                modes.add(policy);
            }
            peerAuthentications.put(cluster.name(), new PeerAuthentications(modes, ISTIO_ROOT_NAMESPACE));
            List<Object> all = new ArrayList<>(istio);
            all.addAll(cilium);
            // the modes decide verdicts too: clusters whose policies differ only in them do not share layers
            all.addAll(modes);
            PolicySet set = new PolicySet(policyKey(all), ciliumName + "/" + defaultLocalCluster(cluster.name()));
            policySets.put(cluster.name(), share ? sets.computeIfAbsent(set, k -> k) : set);
        }
    }

    /** Computes the matrix of every target the topology names. */
    public AccessMatrix matrix() {
        List<TargetAccess> targets = new ArrayList<>();
        Memo memo = new Memo();
        for (Map.Entry<String, java.util.SortedSet<Target>> entry : universe.targets.entrySet()) {
            String cluster = entry.getKey();
            List<CallerSet> sets = callerSets(cluster);
            Map<String, String> gateway =
                    endpointLabels(cluster, ISTIO_ROOT_NAMESPACE, Map.of("app", "ingressgateway"));
            IstioAuthorization.Decider boundary = gatewayDecider(cluster);
            // routes depend on the two clusters, on whether the target is exported and on what the federation gateway
            // lets through to it: one lookup per pair and kind of target, not per target; the targets of a cluster that
            // the same policies select and that are reached alike get the same row
            Map<Reach, ReachRows> byReach = new HashMap<>();
            Map<DecisionRow.Segment, DecisionRow.Segment> turned = UnmodelledMeshes.segments();
            for (Target target : entry.getValue()) {
                if (!share) {
                    memo = new Memo();
                    byReach.clear();
                }
                Layers layers = layers(target, memo);
                boolean exported = !target.service().equals(Target.ANY)
                        && objects.serviceLabels(target.cluster(), target.namespace(), target.service())
                                .containsKey(FleetObjects.PUBLIC_SERVICE);
                LayerVerdict atGateway = boundary == null
                        ? LayerVerdict.OPEN
                        : boundary.decide(IstioAuthorization.Peer.atPassthroughGateway(
                                target.service() + "." + target.namespace() + ".svc." + trustDomain(cluster)));
                ReachRows reach =
                        byReach.computeIfAbsent(new Reach(exported, atGateway), k -> new ReachRows(sets.size()));
                DecisionRow row = reach.rows.get(layers);
                if (row == null) {
                    row = unmodelled.apply(
                            cluster, row(cluster, sets, reach, exported, atGateway, gateway, layers), turned);
                    reach.rows.put(layers, row);
                }
                targets.add(new TargetAccess(target, layers.protectedBy, row));
            }
        }
        List<AccessMatrix.Route> routes = new ArrayList<>();
        universe.routes.forEach((service, to) -> routes.add(new AccessMatrix.Route(service, List.copyOf(to))));
        List<String> assumptions = new ArrayList<>(AccessReport.assumptions(topology));
        assumptions.addAll(unmodelled.assumptions());
        return new AccessMatrix(topology.name(), targets, routes, Optional.empty(), assumptions);
    }

    /** How peers reach a target: whether it is exported, and what the federation gateway decides for it. */
    private record Reach(boolean exported, LayerVerdict atGateway) {}

    /** Per {@link Reach}, the routes of each caller set, their decisions where no route leads, and the rows. */
    private static final class ReachRows {
        final Routes[] routes;
        final DecisionRow.Segment[] lost;
        final Map<Layers, DecisionRow> rows = new java.util.IdentityHashMap<>();

        ReachRows(int sets) {
            routes = new Routes[sets];
            lost = new DecisionRow.Segment[sets];
        }
    }

    /** The labels of the pods of DKP's federation (alliance) gateway (deckhouse {@code ee/modules/110-istio/templates/alliance/ingressgateway/daemonset.yaml}). */
    static final Map<String, String> GATEWAY_POD_LABELS =
            Map.of("app", "ingressgateway", "sidecar.istio.io/inject", "false");

    /** The decider of the policies that apply to the target cluster's federation gateway; {@code null} when none does. */
    private IstioAuthorization.Decider gatewayDecider(String cluster) {
        List<IstioAuthorization> applying = new ArrayList<>();
        for (IstioAuthorization p : authorizations.getOrDefault(cluster, List.of())) {
            if (!p.dryRun()
                    && p.action() != Action.AUDIT
                    && p.appliesTo(ISTIO_ROOT_NAMESPACE, GATEWAY_POD_LABELS, ISTIO_ROOT_NAMESPACE)) {
                applying.add(p);
            }
        }
        return applying.isEmpty() ? null : new IstioAuthorization.Decider(applying);
    }

    /**
     * What the evaluator shares between targets: the policies' layers by the policies that select a
     * target, and the decisions of each caller cluster by layers and route. Without {@link #share}
     * each target gets a memo of its own, so that every target is decided on its own (the tests
     * compare the two).
     */
    private static final class Memo {
        final Map<IdentityKey, Layers> layers = new HashMap<>();
        /** The layers of a Service, per policy set of its cluster. */
        final Map<PolicySet, Map<String, Layers>> selected = new java.util.IdentityHashMap<>();
    }

    /**
     * The callers of a target cluster, one set per caller cluster in caller order: the same for
     * every cluster linked to the same clusters (the members of a full mesh).
     */
    private List<CallerSet> callerSets(String cluster) {
        java.util.SortedSet<String> linked = universe.linked.get(cluster);
        if (linked == null) {
            return listCallerSets(cluster);
        }
        List<CallerSet> sets = callerSetsByLinked.get(linked);
        if (sets == null) {
            sets = listCallerSets(cluster);
            callerSetsByLinked.put(linked, sets);
        }
        return sets;
    }

    /** {@link Universe#callers} depends on the clusters linked to the target cluster alone. */
    private final Map<Set<String>, List<CallerSet>> callerSetsByLinked = new HashMap<>();

    private List<CallerSet> listCallerSets(String cluster) {
        List<CallerSet> sets = new ArrayList<>();
        String current = null;
        List<Caller> members = null;
        for (Caller caller : universe.callers(cluster)) {
            if (!caller.cluster().equals(current)) {
                if (members != null) {
                    sets.add(callerSet(members));
                }
                current = caller.cluster();
                members = new ArrayList<>();
            }
            members.add(caller);
        }
        if (members != null) {
            sets.add(callerSet(members));
        }
        return sets;
    }

    /** The one set of these callers, whichever target cluster lists them. */
    private CallerSet callerSet(List<Caller> callers) {
        return callerSets.computeIfAbsent(
                List.copyOf(callers),
                c -> new CallerSet(groups.computeIfAbsent(c.get(0).cluster(), CallerGroup::new), c, callerSets.size()));
    }

    private final Map<List<Caller>, CallerSet> callerSets = new HashMap<>();
    private final Map<String, CallerGroup> groups = new HashMap<>();

    /**
     * The callers of one cluster: they share every route to a target; their identities are built
     * only once some target is reachable.
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
        /** Numbers the sets of an evaluator from 0, for the layers' tables. */
        final int number;

        CallerSet(CallerGroup group, List<Caller> callers, int number) {
            this.group = group;
            this.callers = callers;
            this.number = number;
        }
    }

    /** What a caller carries on every path: computed once per caller, not per target. */
    private record CallerIdentity(
            Caller caller, Optional<String> principal, Peer own, Peer anonymous, Map<String, String> endpoint) {}

    /**
     * A caller's SPIFFE identity ({@code <trust domain>/ns/<namespace>/sa/<service account>}, istio
     * {@code pkg/spiffe/spiffe.go}), none for a platform component that runs without a sidecar
     * (Prometheus: its plain-text requests carry no principal); its Cilium endpoint labels carry its
     * namespace and service account (cilium {@code pkg/k8s/apis/cilium.io/const.go}
     * {@code PolicyLabelServiceAccount}).
     */
    private CallerIdentity identity(Caller caller) {
        boolean sidecar = caller.sidecar()
                && AccessRule.Platform.running(caller.namespace(), caller.runsAs())
                        .map(p -> p.sidecar() != AccessRule.Platform.Sidecar.NEVER)
                        .orElse(true);
        Optional<String> principal = sidecar
                ? Optional.of(trustDomain(caller.cluster()) + "/ns/" + caller.namespace() + "/sa/" + caller.runsAs())
                : Optional.empty();
        Map<String, String> endpoint = endpointLabels(
                caller.cluster(), caller.namespace(), Map.of(CiliumPolicy.SERVICE_ACCOUNT_LABEL, caller.runsAs()));
        return new CallerIdentity(
                caller,
                principal,
                new Peer(principal, subnet(caller.cluster())),
                new Peer(Optional.empty(), subnet(caller.cluster())),
                endpoint);
    }

    Universe universe() {
        return universe;
    }

    /**
     * The policies of a cluster and the name its Cilium agent gives its endpoints: what decides
     * which of them select a Service (the members of a multicluster hold the same).
     */
    private static final class PolicySet {
        final IdentityKey policies;
        final String ciliumName;

        PolicySet(IdentityKey policies, String ciliumName) {
            this.policies = policies;
            this.ciliumName = ciliumName;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PolicySet that
                    && policies.equals(that.policies)
                    && ciliumName.equals(that.ciliumName);
        }

        @Override
        public int hashCode() {
            return policies.hashCode() * 31 + ciliumName.hashCode();
        }
    }

    /** Each cluster's policy set, one instance per value. */
    private final Map<String, PolicySet> policySets = new HashMap<>();

    private final Map<PolicySet, PolicySet> sets = new HashMap<>();

    /**
     * The policies that apply to a target, as the layers shared by every target they select alike:
     * looked up once per policy set and Service (the Service's pod labels follow from its name).
     */
    private Layers layers(Target target, Memo memo) {
        PolicySet set = policySets.get(target.cluster());
        if (set == null) {
            return select(target, memo);
        }
        Map<String, Layers> byService = memo.selected.computeIfAbsent(set, k -> new HashMap<>());
        String service = target.namespace() + "/" + target.service();
        Layers layers = byService.get(service);
        if (layers == null) {
            layers = select(target, memo);
            byService.put(service, layers);
        }
        return layers;
    }

    private Layers select(Target target, Memo memo) {
        List<CiliumPolicy.TargetPort> ports = ports(target);
        Map<String, String> pod = podLabels(target);
        Map<String, String> endpoint = endpointLabels(target.cluster(), target.namespace(), pod);
        List<Object> selected = new ArrayList<>();
        int istioCount = 0;
        for (IstioAuthorization p : authorizations.getOrDefault(target.cluster(), List.of())) {
            if (!p.dryRun()
                    && p.action() != Action.AUDIT
                    && p.appliesTo(target.namespace(), pod, ISTIO_ROOT_NAMESPACE)) {
                selected.add(p);
                istioCount++;
            }
        }
        for (CiliumPolicy p : networkPolicies.getOrDefault(target.cluster(), List.of())) {
            if (p.selects(target.namespace(), endpoint)) {
                selected.add(p);
            }
        }
        PeerAuthentications.Mtls mtls = mtlsValues.computeIfAbsent(
                peerAuthentications.getOrDefault(target.cluster(), NO_MODES).of(target.namespace(), pod), m -> m);
        // the ports a Cilium verdict is about, and the workload's mTLS, are part of what decides it (one instance
        // per value)
        List<Object> keyed = new ArrayList<>(selected);
        keyed.add(ports);
        keyed.add(mtls);
        IdentityKey key = policyKey(keyed);
        Layers layers = memo.layers.get(key);
        if (layers == null) {
            List<IstioAuthorization> istio = new ArrayList<>();
            List<CiliumPolicy> cilium = new ArrayList<>();
            Set<String> protectedBy = new LinkedHashSet<>();
            for (int i = 0; i < selected.size(); i++) {
                if (i < istioCount) {
                    IstioAuthorization p = (IstioAuthorization) selected.get(i);
                    istio.add(p);
                    protectedBy.add(p.object());
                } else {
                    CiliumPolicy p = (CiliumPolicy) selected.get(i);
                    cilium.add(p);
                    protectedBy.add(p.object());
                }
            }
            layers = new Layers(
                    List.copyOf(istio),
                    List.copyOf(cilium),
                    new IstioAuthorization.Decider(istio),
                    new CiliumPolicy.Decider(cilium, ports),
                    List.copyOf(protectedBy),
                    mtls);
            memo.layers.put(key, layers);
        }
        return layers;
    }

    /**
     * The policies a target's layers are made of, compared by identity: the evaluator parses equal
     * objects once (see {@link #AccessEvaluator}), so equal policies in two clusters give the same
     * key.
     */
    private static IdentityKey policyKey(List<?> policies) {
        return new IdentityKey(policies.toArray());
    }

    /** The decisions of every caller of a target cluster for targets with these layers and this export. */
    private DecisionRow row(
            String cluster,
            List<CallerSet> sets,
            ReachRows reach,
            boolean exported,
            LayerVerdict atGateway,
            Map<String, String> gateway,
            Layers layers) {
        Routes[] routes = reach.routes;
        DecisionRow.Segment[] lost = reach.lost;
        DecisionRow.Segment[] segments = new DecisionRow.Segment[sets.size()];
        for (int i = 0; i < segments.length; i++) {
            CallerSet set = sets.get(i);
            Routes route = routes[i];
            if (route == null) {
                route = routes(cluster, set.group.cluster, exported, atGateway, gateway);
                routes[i] = route;
            }
            if (!route.routes().isEmpty()) {
                segments[i] = segment(set, route, layers);
            } else {
                if (lost[i] == null) {
                    lost[i] = unreachable(set, route);
                }
                segments[i] = lost[i];
            }
        }
        return new DecisionRow(segments);
    }

    /**
     * The decisions of a caller set where no route leads: the same for every target the route
     * stands for (an unexported Service of a federation peer), so built once per route, not once per
     * target.
     */
    private DecisionRow.Segment unreachable(CallerSet set, Routes route) {
        List<Decision> decisions = new ArrayList<>(set.callers.size());
        for (Caller caller : set.callers) {
            decisions.add(
                    route.blocked().isPresent()
                                    && !set.group.identity(caller).principal().isEmpty()
                            ? new Decision(
                                    caller,
                                    Verdict.DENIED,
                                    route.blocked().get().by(),
                                    route.unreachable(),
                                    route.blockedVia())
                            : new Decision(
                                    caller,
                                    Verdict.UNREACHABLE,
                                    List.of(),
                                    route.blocked().isPresent() ? PLAIN_TEXT_AT_GATEWAY : route.unreachable(),
                                    ""));
        }
        return new DecisionRow.Segment(decisions);
    }

    /**
     * The decisions of a caller set on a route, decided once per layers and route: where only the
     * Istio identity can tell callers apart (no Cilium policy selects the target, no ipBlocks), the
     * route counts only by its kinds, so the segment serves every target cluster the callers reach
     * the same way (a multicluster's members); else by everything its paths carry.
     */
    private DecisionRow.Segment segment(CallerSet set, Routes route, Layers layers) {
        Object key = layers.byPrincipal ? route.kinds() : route.paths();
        DecisionRow.Segment segment = layers.segment(set, key);
        if (segment == null) {
            List<Decision> decisions = new ArrayList<>(set.callers.size());
            for (Caller caller : set.callers) {
                decisions.add(decide(set.group.identity(caller), route, layers));
            }
            segment = new DecisionRow.Segment(decisions);
            layers.put(set, key, segment);
        }
        return segment;
    }

    /**
     * The policies that apply to a set of targets, with their decisions built once for all of
     * their callers. Compared by identity: the memo keeps one per set of policies.
     */
    private static final class Layers {
        final List<IstioAuthorization> istio;
        final List<CiliumPolicy> cilium;
        final IstioAuthorization.Decider istioDecider;
        final CiliumPolicy.Decider ciliumDecider;
        final List<String> protectedBy;
        /** Whether only the caller's Istio identity decides: no Cilium policy, no ipBlocks. */
        final boolean byPrincipal;
        /** The mTLS the targets' sidecars ask of callers. */
        final PeerAuthentications.Mtls mtls;
        /** Per caller set (by its number), its segments by route key: key, segment, key, segment... */
        private Object[][] segments = new Object[8][];

        Layers(
                List<IstioAuthorization> istio,
                List<CiliumPolicy> cilium,
                IstioAuthorization.Decider istioDecider,
                CiliumPolicy.Decider ciliumDecider,
                List<String> protectedBy,
                PeerAuthentications.Mtls mtls) {
            this.mtls = mtls;
            this.istio = istio;
            this.cilium = cilium;
            this.istioDecider = istioDecider;
            this.ciliumDecider = ciliumDecider;
            this.protectedBy = protectedBy;
            this.byPrincipal = cilium.isEmpty() && istioDecider.byPrincipal();
        }

        DecisionRow.Segment segment(CallerSet set, Object key) {
            Object[] keyed = set.number < segments.length ? segments[set.number] : null;
            if (keyed != null) {
                for (int i = 0; i < keyed.length; i += 2) {
                    if (keyed[i] == key) {
                        return (DecisionRow.Segment) keyed[i + 1];
                    }
                }
            }
            return null;
        }

        void put(CallerSet set, Object key, DecisionRow.Segment segment) {
            if (set.number >= segments.length) {
                segments = java.util.Arrays.copyOf(segments, Math.max(set.number + 1, segments.length * 2));
            }
            Object[] keyed = segments[set.number];
            keyed = keyed == null ? new Object[2] : java.util.Arrays.copyOf(keyed, keyed.length + 2);
            keyed[keyed.length - 2] = key;
            keyed[keyed.length - 1] = segment;
            segments[set.number] = keyed;
        }
    }

    /**
     * Whether the decision's packets take a federation route: the exporter's Service must carry the
     * label {@code federation.istio.deckhouse.io/public-service}, which dkp-mesh renders in a Component
     * that only the application's own kustomization can include (FleetObjects reads the label from
     * there, so every federation route depends on it).
     */
    static boolean throughExport(Decision decision) {
        return Route.FEDERATION_GATEWAY.how.equals(decision.via());
    }

    /** Admitted through a federation route: admitted once the exporter's Service is labelled. */
    static boolean admittedOnceLabelled(Decision decision) {
        return decision.admitted() && throughExport(decision);
    }

    private enum Route {
        IN_CLUSTER("in-cluster"),
        MULTICLUSTER_DIRECT("istio multicluster, pod to pod"),
        MULTICLUSTER_GATEWAY("istio multicluster, through the ingress gateway"),
        FEDERATION_GATEWAY("istio federation, through the ingress gateway"),
        /** Not exported, and no policy on the gateway stops it: a peer's own ServiceEntry reaches it. */
        FEDERATION_UNEXPORTED("istio federation, through the ingress gateway, not exported"),
        CILIUM("cilium clustermesh, pod to pod");

        final String how;

        Route(String how) {
            this.how = how;
        }

        boolean gateway() {
            return this == MULTICLUSTER_GATEWAY || this == FEDERATION_GATEWAY || this == FEDERATION_UNEXPORTED;
        }
    }

    /**
     * The ways packets of a cluster's pods reach the target cluster's pods, and whether Istio trust
     * (an identity the target's sidecars accept) exists between them.
     *
     * @param kinds what decides a caller's verdict where only its identity counts: the routes and
     *              the trust (one instance per value)
     * @param paths what decides it otherwise: also the gateway a gateway route passes (one instance
     *              per value)
     */
    private record Routes(
            List<Route> routes,
            boolean istioTrust,
            String unreachable,
            Optional<LayerVerdict> blocked,
            String blockedVia,
            Map<String, String> gatewayEndpoint,
            Optional<String> gatewaySubnet,
            Optional<io.dkpmesh.core.model.Cidr> gatewayNetwork,
            RouteKinds kinds,
            RoutePaths paths) {

        // compared by identity: the evaluator keeps one per pair of clusters and export
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private record RouteKinds(List<Route> routes, boolean istioTrust) {}

    private record RoutePaths(
            List<Route> routes,
            boolean istioTrust,
            Map<String, String> gatewayEndpoint,
            Optional<String> gatewaySubnet,
            Optional<io.dkpmesh.core.model.Cidr> gatewayNetwork) {}

    private static final List<Route> IN_CLUSTER = List.of(Route.IN_CLUSTER);

    private static final PeerAuthentications NO_MODES = new PeerAuthentications(List.of(), ISTIO_ROOT_NAMESPACE);

    /** The route keys by {@link #code}: one instance per value. */
    private final RouteKinds[] kinds = new RouteKinds[1 << (Route.values().length + 1)];

    private final RoutePaths[] paths = new RoutePaths[kinds.length];
    /** Gateway route keys by the target cluster (whose gateway they pass), then by code. */
    private final Map<String, RoutePaths[]> gatewayPaths = new HashMap<>();

    /**
     * The routes and trust as a number: routes are listed in the order of {@link Route} (a mesh
     * route, then Cilium), so the set of them tells the list.
     */
    private static int code(List<Route> routes, boolean istioTrust) {
        int code = istioTrust ? 1 : 0;
        for (Route route : routes) {
            code |= 2 << route.ordinal();
        }
        return code;
    }

    private Routes newRoutes(
            String target,
            List<Route> routes,
            boolean istioTrust,
            String unreachable,
            Optional<LayerVerdict> blocked,
            String blockedVia,
            Map<String, String> gatewayEndpoint,
            Optional<String> gatewaySubnet,
            Optional<io.dkpmesh.core.model.Cidr> gatewayNetwork) {
        int code = code(routes, istioTrust);
        RouteKinds kind = kinds[code];
        if (kind == null) {
            kind = new RouteKinds(List.copyOf(routes), istioTrust);
            kinds[code] = kind;
        }
        boolean gateway = false;
        for (Route route : routes) {
            gateway |= route.gateway();
        }
        RoutePaths[] byCode = gateway ? gatewayPaths.computeIfAbsent(target, t -> new RoutePaths[kinds.length]) : paths;
        RoutePaths path = byCode[code];
        if (path == null) {
            path = gateway
                    ? new RoutePaths(kind.routes(), istioTrust, gatewayEndpoint, gatewaySubnet, gatewayNetwork)
                    : new RoutePaths(kind.routes(), istioTrust, Map.of(), Optional.empty(), Optional.empty());
            byCode[code] = path;
        }
        return new Routes(
                kind.routes(),
                istioTrust,
                unreachable,
                blocked,
                blockedVia,
                gatewayEndpoint,
                gatewaySubnet,
                gatewayNetwork,
                kind,
                path);
    }

    /** One way a caller's packets reach the target's pod, and what they carry. */
    private record Path(String how, Peer peer, Map<String, String> source) {}

    private Decision decide(CallerIdentity caller, Routes routes, Layers layers) {
        if (routes.routes().isEmpty()) {
            return new Decision(caller.caller(), Verdict.UNREACHABLE, List.of(), routes.unreachable(), "");
        }
        Decision denied = null;
        for (Route route : routes.routes()) {
            Decision decision = decide(caller, route, routes, layers);
            if (decision.admitted()) {
                return decision;
            }
            if (denied == null || denied.verdict() == Verdict.UNREACHABLE) {
                denied = decision;
            }
        }
        return denied;
    }

    /**
     * The decision on one route. A caller without a sidecar sends plain text: DKP's ingress gateways
     * (AUTO_PASSTHROUGH) pick a connection's destination by the SNI of the caller sidecar's mTLS
     * (istio {@code pilot/pkg/networking/core/gateway.go} {@code builtAutoPassthroughFilterChains}),
     * so they forward none of it. Where the target's mesh or namespace turns mTLS off, callers'
     * sidecars send plain text too (no principal); through a gateway, or where only the workload turns
     * it off, their mTLS meets a plain-text listener, which is not modelled here (unknown).
     */
    private Decision decide(CallerIdentity caller, Route route, Routes routes, Layers layers) {
        if (caller.principal().isEmpty() && route.gateway()) {
            return new Decision(caller.caller(), Verdict.UNREACHABLE, List.of(), PLAIN_TEXT_AT_GATEWAY, "");
        }
        Path path = path(caller, route, routes);
        if (layers.mtls.mode() == PeerAuthentications.Mode.DISABLE
                && path.peer().principal().isPresent()) {
            if (route.gateway() || layers.mtls.offForWorkloadOnly()) {
                return new Decision(
                        caller.caller(),
                        Verdict.UNKNOWN,
                        layers.mtls.by(),
                        layers.mtls.reason()
                                + (route.gateway()
                                        ? ": the caller's mTLS through the gateway meets a plain-text listener"
                                        : ": callers' sidecars still send mTLS (auto mTLS reads only mesh- and"
                                                + " namespace-wide modes) to a plain-text listener"),
                        route.how);
            }
            path = new Path(path.how(), caller.anonymous(), path.source());
        }
        return layers(caller.caller(), path, layers);
    }

    /** Why a caller without a sidecar does not pass a gateway. */
    static final String PLAIN_TEXT_AT_GATEWAY = "its plain text cannot pass the ingress gateway, whose AUTO_PASSTHROUGH"
            + " forwards only mTLS connections, by their SNI";

    private static Path path(CallerIdentity caller, Route route, Routes routes) {
        return switch (route) {
            // AUTO_PASSTHROUGH keeps the caller's mTLS identity; the packet comes from the gateway pod
            case MULTICLUSTER_GATEWAY, FEDERATION_GATEWAY, FEDERATION_UNEXPORTED ->
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

    /**
     * Every route from a caller cluster to the target cluster, read from the rendered peer objects.
     * A federation peer reaches any Service of the target's cluster domain through the target's
     * federation gateway (DKP's {@code Gateway ingressgateway}: AUTO_PASSTHROUGH, hosts
     * {@code *.<clusterDomain>}), exported or not: exporting decides only which ServiceEntries DKP
     * gives the peer, and a peer's own ServiceEntry reaches the rest. What stops it is a policy on
     * that gateway ({@code atGateway}).
     */
    private Routes routes(
            String target, String caller, boolean exported, LayerVerdict atGateway, Map<String, String> gateway) {
        if (caller.equals(target)) {
            return newRoutes(
                    target, IN_CLUSTER, true, "", Optional.empty(), "", gateway, subnet(target), network(target));
        }
        List<Route> routes = new ArrayList<>();
        FleetObjects.ClusterObjects there = site(target).objects();
        FleetObjects.ClusterObjects here = site(caller).objects();
        boolean federated = there.federationTrustDomains.contains(trustDomain(caller))
                && here.federationTrustDomains.contains(trustDomain(target));
        Optional<String> thereEndpoint = endpoint(target);
        Optional<String> hereEndpoint = endpoint(caller);
        boolean multicluster = thereEndpoint.isPresent()
                && hereEndpoint.isPresent()
                && here.multiclusterPeers.containsKey(thereEndpoint.get())
                && there.multiclusterPeers.containsKey(hereEndpoint.get());
        Optional<LayerVerdict> blocked = Optional.empty();
        if (multicluster) {
            routes.add(
                    here.multiclusterPeers.get(thereEndpoint.get())
                            ? Route.MULTICLUSTER_GATEWAY
                            : Route.MULTICLUSTER_DIRECT);
        } else if (federated) {
            if (!atGateway.allowed()) {
                blocked = Optional.of(atGateway);
            } else {
                routes.add(exported ? Route.FEDERATION_GATEWAY : Route.FEDERATION_UNEXPORTED);
            }
        }
        if (ciliumLinked(target, caller)) {
            routes.add(Route.CILIUM);
        }
        String why = blocked.isPresent()
                ? "denied at " + target + "'s federation gateway by "
                        + String.join(", ", blocked.get().by()) + ": "
                        + blocked.get().reason()
                        + (exported ? "" : " (not exported)")
                : "no mesh links " + caller + " to " + target;
        return newRoutes(
                target,
                routes,
                federated || multicluster,
                routes.isEmpty() ? why : "",
                routes.isEmpty() ? blocked : Optional.empty(),
                // a caller stopped at the gateway came the federation's way: to a Service exported or not, so that
                // only exported ones count towards the Services to label
                exported ? Route.FEDERATION_GATEWAY.how : Route.FEDERATION_UNEXPORTED.how,
                gateway,
                subnet(target),
                network(target));
    }

    private Decision layers(Caller caller, Path path, Layers layers) {
        if (path.peer().principal().isEmpty()
                && (layers.mtls.refusesPlainText() || layers.mtls.mode() == PeerAuthentications.Mode.UNKNOWN)) {
            // plain text meets a sidecar that refuses it, before any AuthorizationPolicy (istio
            // pilot/pkg/security/authn: STRICT builds only the mTLS filter chain)
            return new Decision(
                    caller,
                    layers.mtls.refusesPlainText() ? Verdict.DENIED : Verdict.UNKNOWN,
                    layers.mtls.by(),
                    layers.mtls.refusesPlainText()
                            ? layers.mtls.reason() + ": plain text (no principal) is refused"
                            : layers.mtls.reason(),
                    path.how());
        }
        LayerVerdict istio = layers.istioDecider.decide(path.peer());
        if (!istio.allowed()) {
            return new Decision(
                    caller, istio.unknown() ? Verdict.UNKNOWN : Verdict.DENIED, istio.by(), istio.reason(), path.how());
        }
        LayerVerdict cilium = layers.ciliumDecider.decide(path.source());
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
                : layers.istio.isEmpty() && layers.cilium.isEmpty() ? "no policy selects it" : "no rule denies it";
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
        Map<String, String> export = exported.get(target.toString());
        if (export != null) {
            return export;
        }
        return workloads.getOrDefault(target.namespace() + "/" + target.service(), Map.of(APP_LABEL, target.service()));
    }

    /**
     * The ports a target's verdicts are about: a cilium federation export's, where it runs (the
     * boundary opens only those); empty (unknown) for every other target.
     */
    private List<CiliumPolicy.TargetPort> ports(Target target) {
        return exportedPorts.getOrDefault(target.toString(), List.of());
    }

    /**
     * Whether a member's agent narrows peer selectors without a cluster to the local cluster: the
     * value its rendered Cilium values set, else its chart's default ({@link FleetObjects}); true
     * where no values are rendered (no ClusterMesh: every endpoint is local).
     */
    private boolean defaultLocalCluster(String cluster) {
        return objects.policyDefaultLocalCluster(cluster).orElse(true);
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

    /** What the routes and identities read of a cluster, looked up once per cluster (routes ask for it N² times). */
    private record Site(
            String trustDomain,
            Optional<String> subnet,
            Optional<io.dkpmesh.core.model.Cidr> network,
            Optional<String> endpoint,
            FleetObjects.ClusterObjects objects) {}

    private final Map<String, Site> sites = new HashMap<>();

    private Site site(String cluster) {
        Site site = sites.get(cluster);
        if (site == null) {
            Optional<Cluster> named = Optional.ofNullable(clusters.get(cluster));
            Optional<String> subnet = named.map(Cluster::podSubnetCIDR);
            site = new Site(
                    named.map(Cluster::clusterDomain).orElse(Cluster.DEFAULT_CLUSTER_DOMAIN),
                    subnet,
                    subnet.flatMap(IstioAuthorization::cidr),
                    named.flatMap(Cluster::effectiveMetadataEndpoint),
                    objects.cluster(cluster));
            sites.put(cluster, site);
        }
        return site;
    }

    private String trustDomain(String cluster) {
        return site(cluster).trustDomain();
    }

    /** A cluster's pod subnet as a network, parsed once per cluster (every route to it carries it). */
    private Optional<io.dkpmesh.core.model.Cidr> network(String cluster) {
        return site(cluster).network();
    }

    private Optional<String> subnet(String cluster) {
        return site(cluster).subnet();
    }

    private Optional<String> endpoint(String cluster) {
        return site(cluster).endpoint();
    }
}
