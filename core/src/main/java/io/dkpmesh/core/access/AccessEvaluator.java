package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.access.IstioAuthorization.Action;
import io.dkpmesh.core.access.IstioAuthorization.Peer;
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

    public AccessEvaluator(Topology topology, FleetObjects objects) {
        this.topology = topology;
        this.objects = objects;
        this.clusters = topology.clusters().stream().collect(Collectors.toMap(Cluster::name, Function.identity(), (a, b) -> a));
        this.universe = new Universe(topology);
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == Provider.CILIUM && mesh.type() != MeshType.SINGLE) {
                for (String member : mesh.clusters()) {
                    ciliumNames.put(member, member);
                    ciliumPeers.computeIfAbsent(member, m -> new java.util.HashSet<>()).addAll(mesh.clusters());
                }
            }
        }
        for (Cluster cluster : topology.clusters()) {
            FleetObjects.ClusterObjects own = objects.cluster(cluster.name());
            authorizations.put(cluster.name(), own.authorizationPolicies.stream()
                    .map(o -> IstioAuthorization.parse(o.object(), o.namespace(), o.metadata(), o.spec())).toList());
            String ciliumName = ciliumName(cluster.name());
            networkPolicies.put(cluster.name(), own.networkPolicies.stream()
                    .map(o -> CiliumPolicy.parse(o.object(), o.namespace(), o.spec(), ciliumName, true)).toList());
        }
    }

    /** Computes the matrix of every target the topology names. */
    public AccessMatrix matrix() {
        List<TargetAccess> targets = new ArrayList<>();
        universe.targets.forEach((cluster, own) -> {
            List<Caller> callers = universe.callers(cluster);
            for (Target target : own) {
                targets.add(evaluate(target, callers));
            }
        });
        return new AccessMatrix(topology.name(), targets);
    }

    Universe universe() {
        return universe;
    }

    private TargetAccess evaluate(Target target, List<Caller> callers) {
        Map<String, String> pod = podLabels(target);
        Map<String, String> endpoint = endpointLabels(target.cluster(), target.namespace(), pod);
        List<IstioAuthorization> istio = authorizations.getOrDefault(target.cluster(), List.of()).stream()
                .filter(p -> !p.dryRun() && p.action() != Action.AUDIT && p.appliesTo(target.namespace(), pod, ISTIO_ROOT_NAMESPACE)).toList();
        List<CiliumPolicy> cilium = networkPolicies.getOrDefault(target.cluster(), List.of()).stream()
                .filter(p -> p.selects(target.namespace(), endpoint)).toList();
        Set<String> protectedBy = new LinkedHashSet<>();
        istio.forEach(p -> protectedBy.add(p.object()));
        cilium.forEach(p -> protectedBy.add(p.object()));
        Layers layers = new Layers(istio, cilium);
        List<Decision> decisions = new ArrayList<>(callers.size());
        for (Caller caller : callers) {
            decisions.add(decide(target, caller, layers));
        }
        return new TargetAccess(target, List.copyOf(protectedBy), decisions);
    }

    private record Layers(List<IstioAuthorization> istio, List<CiliumPolicy> cilium) {
    }

    /** One way a caller's packets reach the target's pod, and what they carry. */
    private record Path(String how, Peer peer, Map<String, String> source) {
    }

    private Decision decide(Target target, Caller caller, Layers layers) {
        List<Path> paths = new ArrayList<>();
        String unreachable = paths(target, caller, paths);
        if (paths.isEmpty()) {
            return new Decision(caller, Verdict.UNREACHABLE, List.of(), unreachable, "");
        }
        Decision denied = null;
        for (Path path : paths) {
            Decision decision = layers(caller, path, layers);
            if (decision.admitted()) {
                return decision;
            }
            if (denied == null) {
                denied = decision;
            }
        }
        return denied;
    }

    /** Adds every path from the caller to the target; returns why there is none. */
    private String paths(Target target, Caller caller, List<Path> paths) {
        Optional<String> principal = Optional.of(trustDomain(caller.cluster()) + "/ns/" + caller.namespace() + "/sa/" + SERVICE_ACCOUNT);
        Map<String, String> callerEndpoint = endpointLabels(caller.cluster(), caller.namespace(), Map.of());
        if (caller.cluster().equals(target.cluster())) {
            paths.add(new Path("in-cluster", new Peer(principal, subnet(caller.cluster())), callerEndpoint));
            return "";
        }
        String why = "no mesh links " + caller.cluster() + " to " + target.cluster();
        FleetObjects.ClusterObjects there = objects.cluster(target.cluster());
        FleetObjects.ClusterObjects here = objects.cluster(caller.cluster());
        boolean federated = there.federationTrustDomains.contains(trustDomain(caller.cluster()))
                && here.federationTrustDomains.contains(trustDomain(target.cluster()));
        Optional<String> thereEndpoint = endpoint(target.cluster());
        Optional<String> hereEndpoint = endpoint(caller.cluster());
        boolean multicluster = thereEndpoint.isPresent() && hereEndpoint.isPresent()
                && here.multiclusterPeers.containsKey(thereEndpoint.get()) && there.multiclusterPeers.containsKey(hereEndpoint.get());
        boolean istioTrust = federated || multicluster;
        if (multicluster) {
            boolean direct = !here.multiclusterPeers.get(thereEndpoint.get());
            paths.add(direct ? new Path("istio multicluster, pod to pod", new Peer(principal, subnet(caller.cluster())), callerEndpoint)
                    : viaGateway("istio multicluster, through the ingress gateway", target.cluster(), principal));
        } else if (federated) {
            if (!target.service().equals(Target.ANY)
                    && objects.serviceLabels(target.cluster(), target.namespace(), target.service()).containsKey(FleetObjects.PUBLIC_SERVICE)) {
                paths.add(viaGateway("istio federation, through the ingress gateway", target.cluster(), principal));
            } else {
                why = "not exported: " + target.cluster() + " does not label it " + FleetObjects.PUBLIC_SERVICE
                        + ", so " + caller.cluster() + " gets no ServiceEntry for it";
            }
        }
        if (ciliumLinked(target.cluster(), caller.cluster())) {
            // pod IPs route between ClusterMesh members whatever Services are global; an identity only where Istio trust exists
            paths.add(new Path("cilium clustermesh, pod to pod", new Peer(istioTrust ? principal : Optional.empty(), subnet(caller.cluster())),
                    callerEndpoint));
        }
        return why;
    }

    private Path viaGateway(String how, String cluster, Optional<String> principal) {
        // AUTO_PASSTHROUGH keeps the caller's mTLS identity; the packet comes from the gateway pod
        return new Path(how, new Peer(principal, subnet(cluster)),
                endpointLabels(cluster, ISTIO_ROOT_NAMESPACE, Map.of("app", "ingressgateway")));
    }

    private Decision layers(Caller caller, Path path, Layers layers) {
        LayerVerdict istio = IstioAuthorization.decide(layers.istio(), path.peer());
        if (!istio.allowed()) {
            return new Decision(caller, Verdict.DENIED, istio.by(), istio.reason(), path.how());
        }
        LayerVerdict cilium = CiliumPolicy.decide(layers.cilium(), path.source());
        if (!cilium.allowed()) {
            return new Decision(caller, Verdict.DENIED, cilium.by(), cilium.reason(), path.how());
        }
        List<String> by = new ArrayList<>(istio.by());
        by.addAll(cilium.by());
        String reason = !by.isEmpty() ? "a rule allows it"
                : layers.istio().isEmpty() && layers.cilium().isEmpty() ? "no policy selects it" : "no rule denies it";
        return new Decision(caller, Verdict.ADMITTED, by, reason, path.how());
    }

    /** The pod labels of a target's workload: {@code app: <service>}; none for the stand-in of other workloads. */
    static Map<String, String> podLabels(Target target) {
        return target.service().equals(Target.ANY) ? Map.of() : Map.of(APP_LABEL, target.service());
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
        return Optional.ofNullable(clusters.get(cluster)).map(Cluster::clusterDomain).orElse(Cluster.DEFAULT_CLUSTER_DOMAIN);
    }

    private Optional<String> subnet(String cluster) {
        return Optional.ofNullable(clusters.get(cluster)).map(Cluster::podSubnetCIDR);
    }

    private Optional<String> endpoint(String cluster) {
        return Optional.ofNullable(clusters.get(cluster)).flatMap(Cluster::effectiveMetadataEndpoint);
    }
}
