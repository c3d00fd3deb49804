package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.model.TrafficRule.CircuitBreaker;
import io.dkpmesh.core.model.Version;
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.KeyValue;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Istio traffic and access for services of any mesh type: DestinationRule and VirtualService in
 * every member (where the callers live), AuthorizationPolicy where the service runs.
 */
final class IstioServicePlanner implements Planner {

    /**
     * Istio applies locality failover only to a host with outlier detection (istio
     * pilot/pkg/xds/endpoints/endpoint_builder.go: enableFailover comes from the outlier settings);
     * a user who writes failover expects it to work, so a rule without outlier settings gets these.
     */
    static final OutlierDetection FAILOVER_OUTLIER_DETECTION = new OutlierDetection(5, "10s", "30s", null);

    /**
     * Envoy ejects at most maxEjectionPercent of a service's endpoints, 10 % unless set (istio/api
     * networking/v1alpha3/destination_rule.proto, OutlierDetection). Traffic leaves a region only once
     * its endpoints are ejected, so a failover rule gets 100 unless the user chose a value.
     */
    static final int FAILOVER_MAX_EJECTION_PERCENT = 100;

    /**
     * The TLS mode DKP sets for every remote export (deckhouse
     * ee/modules/110-istio/templates/federation/remote-services.yaml): the gateway endpoints carry
     * no sidecar label, so auto mTLS would send plain text.
     */
    static final String ISTIO_MUTUAL = "ISTIO_MUTUAL";

    /** networking.istio.io/v1 and security.istio.io/v1 are served from Istio 1.22; before, v1beta1 is. */
    static final Version ISTIO_V1_API = new Version(1, 22);

    /** The API version of the Istio kinds a cluster serves: v1 unless its Istio version is known to be older. */
    static String istioApiVersion(Cluster cluster) {
        return cluster.istioVersion().filter(v -> v.isBefore(ISTIO_V1_API)).isPresent() ? "v1beta1" : "v1";
    }

    @Override
    public void plan(Plan plan) {
        Map<String, String> traffic = new HashMap<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (Mesh mesh : plan.topology().meshes()) {
            // each provider renders its own meshes' traffic and access (CiliumPlanner: affinity annotations and
            // CiliumNetworkPolicy); Providers checks that every provider of the topology has one registered
            if (mesh.provider() != Provider.ISTIO) {
                continue;
            }
            for (TrafficRule rule : mesh.traffic()) {
                for (String member : mesh.clusters()) {
                    String first =
                            traffic.putIfAbsent(member + "/" + rule.namespace() + "/" + rule.service(), rule.pointer());
                    if (first != null) {
                        plan.findings()
                                .error(
                                        FindingCode.TRAFFIC,
                                        rule.pointer(),
                                        "the traffic rule at " + first + " already covers "
                                                + Text.quote(rule.namespace() + "/" + rule.service())
                                                + " in a member of this mesh; merge them: one DestinationRule per host");
                    } else {
                        plan.cluster(member).ifPresent(cluster -> traffic(plan, mesh, rule, cluster));
                    }
                }
            }
            for (AccessRule rule : mesh.access()) {
                // the same callers in every target: worked out once per rule, not once per member
                List<Source> sources = sources(plan, mesh, rule);
                for (String target : targets(mesh, rule)) {
                    String key = target + "/" + rule.namespace() + "/"
                            + rule.service().orElse("");
                    Policy policy = new Policy(target, mesh, rule, sources);
                    Policy first = policies.putIfAbsent(key, policy);
                    if (first == null) {
                        continue;
                    }
                    if (first.mesh() == mesh) {
                        plan.findings()
                                .error(
                                        FindingCode.ACCESS_UNENFORCEABLE,
                                        rule.pointer(),
                                        "the access rule at " + first.rule().pointer()
                                                + " already protects this target in a member of this mesh; Istio ALLOW policies add up, so list every caller in one rule");
                    } else if (!first.rule().podSelector().equals(rule.podSelector())) {
                        plan.findings()
                                .error(
                                        FindingCode.ACCESS_UNENFORCEABLE,
                                        rule.pointer() + "/workloadLabels",
                                        "the access rule at " + first.rule().pointer() + " of mesh "
                                                + Text.quote(first.mesh().name())
                                                + " protects this target in cluster " + Text.quote(target)
                                                + " too, with other workloadLabels; both rules become one AuthorizationPolicy there,"
                                                + " so give them the same workloadLabels");
                    } else {
                        // a cluster in two meshes: each mesh's rule lists its own members' callers (a rule
                        // cannot name another mesh's cluster), and the target admits the callers of both
                        policies.put(key, first.admitting(sources));
                    }
                }
            }
        }
        policies.forEach((key, policy) -> {
            if (policy.rule().service().isPresent()) {
                Policy namespaceWide =
                        policies.get(policy.cluster() + "/" + policy.rule().namespace() + "/");
                if (namespaceWide != null && !policy.sources().containsAll(namespaceWide.sources())) {
                    plan.findings()
                            .error(
                                    FindingCode.ACCESS_UNENFORCEABLE,
                                    policy.rule().pointer(),
                                    "the namespace-wide rule at "
                                            + namespaceWide.rule().pointer()
                                            + " also admits its callers to this service (Istio ALLOW policies add up); "
                                            + "list those callers here too, or narrow the namespace rule to services");
                }
            }
            authorizationPolicy(plan, policy);
        });
    }

    /** The AuthorizationPolicy of one target: named after its first rule, admitting every rule's sources. */
    private record Policy(String cluster, Mesh mesh, AccessRule rule, List<Source> sources) {

        Policy admitting(List<Source> more) {
            List<Source> all = new ArrayList<>(sources);
            more.stream().filter(s -> !all.contains(s)).forEach(all::add);
            return new Policy(cluster, mesh, rule, List.copyOf(all));
        }
    }

    /**
     * The data of {@code destinationrule.yaml.ftl} and {@code virtualservice.yaml.ftl}: one traffic
     * rule as the callers in one member see it. A {@code null} component is left out of the object.
     *
     * @param apiVersion the version of networking.istio.io the cluster serves
     * @param host       the FQDN callers use
     * @param tlsMode    {@link #ISTIO_MUTUAL} where callers reach a remote federation export; {@code null} otherwise
     * @param failover   in the rule's order; {@code null} without
     * @param distribute in the rule's order; {@code null} without
     */
    public record Traffic(
            String apiVersion,
            String name,
            String namespace,
            String host,
            Integer maxConnections,
            Integer maxPendingRequests,
            OutlierDetection outlierDetection,
            String tlsMode,
            List<Failover> failover,
            List<Distribute> distribute,
            Canary canary) {}

    /** A DestinationRule's outlier detection; a {@code null} setting is Istio's default. */
    public record OutlierDetection(
            Integer consecutive5xxErrors, String interval, String baseEjectionTime, Integer maxEjectionPercent) {

        /** No setting at all: the DestinationRule then has no outlierDetection. */
        boolean isEmpty() {
            return consecutive5xxErrors == null
                    && interval == null
                    && baseEjectionTime == null
                    && maxEjectionPercent == null;
        }
    }

    /** A locality failover, region to region. */
    public record Failover(String from, String to) {}

    /** A locality's traffic split: {@code from} and each {@code to} locality are {@code <region>/*}. */
    public record Distribute(String from, List<Weight> to) {}

    /** One locality's share of a {@link Distribute}. */
    public record Weight(String locality, int weight) {}

    /** The stable and canary subsets, selected by the pod label {@code label}, and their weights. */
    public record Canary(String label, String stable, String canary, int stableWeight, int canaryWeight) {}

    /**
     * The data of {@code authorizationpolicy.yaml.ftl}.
     *
     * @param apiVersion  the version of security.istio.io the cluster serves
     * @param podSelector the pod labels a service's policy selects, in key order; {@code null} for the whole namespace
     * @param sources     one per caller, in the rule's order, without repeats
     */
    public record AuthorizationPolicy(
            String apiVersion, String name, String namespace, List<KeyValue> podSelector, List<Source> sources) {}

    /** One source of an ALLOW rule; of its lists, {@code null} ones are left out. */
    public record Source(List<String> principals, List<String> namespaces, List<String> ipBlocks) {}

    /**
     * Whether the callers in {@code cluster} reach the rule's service as a remote federation export:
     * through DKP's ServiceEntry, whose endpoints are the exporter's ingress gateways.
     */
    private static boolean callsRemoteExport(Mesh mesh, TrafficRule rule, Cluster cluster) {
        return mesh.type() == MeshType.FEDERATION
                && !mesh.exporters(rule.namespace(), Optional.of(rule.service()))
                        .contains(cluster.name());
    }

    /** The FQDN callers in {@code cluster} use: a federation export keeps its exporter's domain. */
    private static String host(Plan plan, Mesh mesh, TrafficRule rule, Cluster cluster) {
        String domain = cluster.clusterDomain();
        if (mesh.type() == MeshType.FEDERATION) {
            domain = mesh.exporters(rule.namespace(), Optional.of(rule.service())).stream()
                    .findFirst()
                    .flatMap(plan::cluster)
                    .map(Cluster::clusterDomain)
                    .orElse(domain);
        }
        return rule.service() + "." + rule.namespace() + ".svc." + domain;
    }

    /**
     * Istio takes the DestinationRule of the caller's namespace first, then the one of the service's
     * namespace, then the root namespace's, and does not merge them (istio
     * pilot/pkg/model/push_context.go, PushContext.destinationRule). A remote federation export's
     * service namespace is DKP's ServiceEntry's, {@code d8-istio}, where DKP keeps its own rule
     * (deckhouse ee/modules/110-istio/templates/federation/remote-services.yaml). So in a member calling
     * a remote export the rule goes to each namespace whose callers the mesh's access rules admit; when
     * they admit every namespace it stays in the service's namespace, and IstioTrafficRules warns.
     */
    private static void traffic(Plan plan, Mesh mesh, TrafficRule rule, Cluster cluster) {
        if (callsRemoteExport(mesh, rule, cluster)) {
            Optional<java.util.SortedSet<String>> callers =
                    mesh.admittedNamespaces(cluster.name(), rule.namespace(), rule.service());
            if (callers.isPresent()) {
                for (String namespace : callers.get()) {
                    traffic(plan, mesh, rule, cluster, namespace, rule.service() + "." + rule.namespace());
                }
                return;
            }
        }
        traffic(plan, mesh, rule, cluster, rule.namespace(), rule.service());
    }

    /** One DestinationRule (and VirtualService) named {@code name} in {@code namespace}. */
    private static void traffic(
            Plan plan, Mesh mesh, TrafficRule rule, Cluster cluster, String namespace, String name) {
        String host = host(plan, mesh, rule, cluster);
        String file = namespace + "." + name + ".yaml";
        Optional<CircuitBreaker> breaker = rule.circuitBreaker();
        Traffic model = new Traffic(
                istioApiVersion(cluster),
                name,
                namespace,
                host,
                breaker.flatMap(CircuitBreaker::maxConnections).orElse(null),
                breaker.flatMap(CircuitBreaker::maxPendingRequests).orElse(null),
                outlierDetection(rule).orElse(null),
                // DKP's own rule for the remote host sets ISTIO_MUTUAL; ours replaces it for this namespace's callers
                callsRemoteExport(mesh, rule, cluster) ? ISTIO_MUTUAL : null,
                rule.failover().isEmpty()
                        ? null
                        : rule.failover().stream()
                                .map(f -> new Failover(f.from(), f.to()))
                                .toList(),
                // Istio localities are region/zone/subzone: a region's clients and endpoints are region/*
                rule.distribute().isEmpty()
                        ? null
                        : rule.distribute().stream()
                                .map(d -> new Distribute(
                                        d.from() + "/*",
                                        d.to().entrySet().stream()
                                                .map(w -> new Weight(w.getKey() + "/*", w.getValue()))
                                                .toList()))
                                .toList(),
                rule.canary()
                        .map(canary -> new Canary(
                                canary.versionLabel(),
                                canary.stable(),
                                canary.canary(),
                                100 - canary.weight(),
                                canary.weight()))
                        .orElse(null));
        plan.add(Document.clusterResource(
                cluster.name(), "destinationrule-" + file, "destinationrule.yaml.ftl", model, Phase.PEERS));
        if (rule.canary().isPresent()) {
            plan.add(Document.clusterResource(
                    cluster.name(), "virtualservice-" + file, "virtualservice.yaml.ftl", model, Phase.PEERS));
        }
    }

    private static Optional<OutlierDetection> outlierDetection(TrafficRule rule) {
        Optional<CircuitBreaker> breaker = rule.circuitBreaker();
        OutlierDetection outlier = new OutlierDetection(
                breaker.flatMap(CircuitBreaker::consecutive5xxErrors).orElse(null),
                breaker.flatMap(CircuitBreaker::interval).orElse(null),
                breaker.flatMap(CircuitBreaker::baseEjectionTime).orElse(null),
                breaker.flatMap(CircuitBreaker::maxEjectionPercent).orElse(null));
        if (!rule.failover().isEmpty()) {
            if (outlier.isEmpty()) {
                outlier = FAILOVER_OUTLIER_DETECTION;
            }
            if (outlier.maxEjectionPercent() == null) {
                outlier = new OutlierDetection(
                        outlier.consecutive5xxErrors(),
                        outlier.interval(),
                        outlier.baseEjectionTime(),
                        FAILOVER_MAX_EJECTION_PERCENT);
            }
        }
        return outlier.isEmpty() ? Optional.empty() : Optional.of(outlier);
    }

    /** Where the protected workloads run: the federation members exporting them, else every member. */
    private static List<String> targets(Mesh mesh, AccessRule rule) {
        return mesh.type() == MeshType.FEDERATION ? mesh.exporters(rule.namespace(), rule.service()) : mesh.clusters();
    }

    /**
     * One source per caller. A cluster is its trust domain in a federation or single mesh (a
     * principal prefix: Istio allows only prefix and suffix wildcards), its pod subnet in a flat
     * multicluster. A namespace is that namespace in each member's trust domain (a multicluster's
     * members share one): {@code source.namespaces} would compile to a principal match on
     * {@code *}{@code /ns/<ns>/*} in every trust domain the cluster trusts (istio
     * pilot/pkg/security/authz/builder/), peers of other federations included.
     */
    private static List<Source> sources(Plan plan, Mesh mesh, AccessRule rule) {
        List<Source> sources = new ArrayList<>();
        for (Caller caller : rule.from()) {
            if (caller.withoutIdentityIn(mesh.provider())) {
                // a component without a sidecar presents no principal: no source admits it (DKPM511 says so)
                continue;
            }
            // a service account is one principal (istio pkg/spiffe/spiffe.go: <td>/ns/<ns>/sa/<sa>); without one,
            // the prefix of every service account of the namespace
            String account = caller.serviceAccount().orElse("*");
            Source source;
            Optional<Cluster> cluster = caller.cluster().flatMap(plan::cluster);
            if (cluster.isPresent() && mesh.type() == MeshType.MULTICLUSTER) {
                source = caller.serviceAccount().isPresent()
                        ? new Source(
                                List.of(cluster.get().clusterDomain() + "/ns/"
                                        + caller.namespace().orElseThrow() + "/sa/" + account),
                                null,
                                List.of(cluster.get().podSubnetCIDR()))
                        : new Source(
                                null,
                                caller.namespace().map(List::of).orElse(null),
                                List.of(cluster.get().podSubnetCIDR()));
            } else if (cluster.isPresent()) {
                String domain = cluster.get().clusterDomain();
                source = new Source(
                        List.of(caller.namespace()
                                .map(ns -> domain + "/ns/" + ns + "/sa/" + account)
                                .orElse(domain + "/*")),
                        null,
                        null);
            } else {
                String ns = caller.namespace().orElseThrow();
                source = new Source(
                        mesh.clusters().stream()
                                .map(plan::cluster)
                                .flatMap(Optional::stream)
                                .map(member -> member.clusterDomain() + "/ns/" + ns + "/sa/" + account)
                                .distinct()
                                .toList(),
                        null,
                        null);
            }
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }
        return sources;
    }

    private static void authorizationPolicy(Plan plan, Policy policy) {
        AccessRule rule = policy.rule();
        AuthorizationPolicy model = new AuthorizationPolicy(
                plan.cluster(policy.cluster())
                        .map(IstioServicePlanner::istioApiVersion)
                        .orElse("v1"),
                // a dot never occurs in a Service name, so the namespace-wide policy cannot clash with a service's
                rule.service().map(s -> "dkp-mesh." + s).orElse("dkp-mesh"),
                rule.namespace(),
                rule.podSelector().isEmpty() ? null : KeyValue.sorted(rule.podSelector()),
                policy.sources());
        String file = "authorizationpolicy-" + rule.namespace()
                + rule.service().map(s -> "." + s).orElse("") + ".yaml";
        plan.add(Document.clusterResource(policy.cluster(), file, "authorizationpolicy.yaml.ftl", model, Phase.PEERS));
    }
}
