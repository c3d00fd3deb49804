package io.dkpmesh.core.render;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.model.TrafficRule.CircuitBreaker;
import io.dkpmesh.core.model.Version;
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
    static final Map<String, Object> FAILOVER_OUTLIER_DETECTION =
            Map.of("consecutive5xxErrors", 5, "interval", "10s", "baseEjectionTime", "30s");

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
            // exhaustive: a new provider does not compile until it says who renders its traffic and access
            boolean istio = switch (mesh.provider()) {
                case ISTIO -> true;
                case CILIUM -> false; // CiliumPlanner: affinity annotations and CiliumNetworkPolicy
            };
            if (!istio) {
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
                for (String target : targets(mesh, rule)) {
                    String key = target + "/" + rule.namespace() + "/"
                            + rule.service().orElse("");
                    Policy policy = new Policy(target, rule, sources(plan, mesh, rule));
                    Policy first = policies.putIfAbsent(key, policy);
                    if (first != null) {
                        plan.findings()
                                .error(
                                        FindingCode.ACCESS_UNENFORCEABLE,
                                        rule.pointer(),
                                        "the access rule at " + first.rule().pointer()
                                                + " already protects this target in a member of this mesh; Istio ALLOW policies add up, so list every caller in one rule");
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

    private record Policy(String cluster, AccessRule rule, List<Map<String, Object>> sources) {}

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

    private static void traffic(Plan plan, Mesh mesh, TrafficRule rule, Cluster cluster) {
        String host = host(plan, mesh, rule, cluster);
        String file = rule.namespace() + "." + rule.service() + ".yaml";
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("apiVersion", istioApiVersion(cluster));
        model.put("name", rule.service());
        model.put("namespace", rule.namespace());
        model.put("host", host);
        rule.circuitBreaker().ifPresent(breaker -> {
            breaker.maxConnections().ifPresent(n -> model.put("maxConnections", n));
            breaker.maxPendingRequests().ifPresent(n -> model.put("maxPendingRequests", n));
        });
        outlierDetection(rule).ifPresent(outlier -> model.put("outlierDetection", outlier));
        if (callsRemoteExport(mesh, rule, cluster)) {
            // DKP's own rule for the remote host sets ISTIO_MUTUAL; ours replaces it for this namespace's callers
            model.put("tlsMode", ISTIO_MUTUAL);
        }
        if (!rule.failover().isEmpty()) {
            model.put(
                    "failover",
                    rule.failover().stream()
                            .map(f -> Map.of("from", f.from(), "to", f.to()))
                            .toList());
        }
        if (!rule.distribute().isEmpty()) {
            // Istio localities are region/zone/subzone: a region's clients and endpoints are region/*
            model.put(
                    "distribute",
                    rule.distribute().stream()
                            .map(d -> Map.of(
                                    "from",
                                    d.from() + "/*",
                                    "to",
                                    d.to().entrySet().stream()
                                            .map(w -> Map.of("locality", w.getKey() + "/*", "weight", w.getValue()))
                                            .toList()))
                            .toList());
        }
        rule.canary()
                .ifPresent(canary -> model.put(
                        "canary",
                        Map.of(
                                "label",
                                canary.versionLabel(),
                                "stable",
                                canary.stable(),
                                "canary",
                                canary.canary(),
                                "stableWeight",
                                100 - canary.weight(),
                                "canaryWeight",
                                canary.weight())));
        plan.add(Document.clusterResource(
                cluster.name(), "destinationrule-" + file, "destinationrule.yaml.ftl", model, Phase.PEERS));
        if (rule.canary().isPresent()) {
            plan.add(Document.clusterResource(
                    cluster.name(), "virtualservice-" + file, "virtualservice.yaml.ftl", model, Phase.PEERS));
        }
    }

    private static Optional<Map<String, Object>> outlierDetection(TrafficRule rule) {
        Map<String, Object> outlier = new LinkedHashMap<>();
        rule.circuitBreaker().ifPresent((CircuitBreaker breaker) -> {
            breaker.consecutive5xxErrors().ifPresent(n -> outlier.put("consecutive5xxErrors", n));
            breaker.interval().ifPresent(d -> outlier.put("interval", d));
            breaker.baseEjectionTime().ifPresent(d -> outlier.put("baseEjectionTime", d));
            breaker.maxEjectionPercent().ifPresent(n -> outlier.put("maxEjectionPercent", n));
        });
        if (!rule.failover().isEmpty()) {
            if (outlier.isEmpty()) {
                outlier.put("consecutive5xxErrors", FAILOVER_OUTLIER_DETECTION.get("consecutive5xxErrors"));
                outlier.put("interval", FAILOVER_OUTLIER_DETECTION.get("interval"));
                outlier.put("baseEjectionTime", FAILOVER_OUTLIER_DETECTION.get("baseEjectionTime"));
            }
            outlier.putIfAbsent("maxEjectionPercent", FAILOVER_MAX_EJECTION_PERCENT);
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
    private static List<Map<String, Object>> sources(Plan plan, Mesh mesh, AccessRule rule) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Caller caller : rule.from()) {
            Map<String, Object> source = new LinkedHashMap<>();
            Optional<Cluster> cluster = caller.cluster().flatMap(plan::cluster);
            if (cluster.isPresent() && mesh.type() == MeshType.MULTICLUSTER) {
                caller.namespace().ifPresent(ns -> source.put("namespaces", List.of(ns)));
                source.put("ipBlocks", List.of(cluster.get().podSubnetCIDR()));
            } else if (cluster.isPresent()) {
                String domain = cluster.get().clusterDomain();
                source.put(
                        "principals",
                        List.of(caller.namespace()
                                .map(ns -> domain + "/ns/" + ns + "/sa/*")
                                .orElse(domain + "/*")));
            } else {
                String ns = caller.namespace().orElseThrow();
                source.put(
                        "principals",
                        mesh.clusters().stream()
                                .map(plan::cluster)
                                .flatMap(Optional::stream)
                                .map(member -> member.clusterDomain() + "/ns/" + ns + "/sa/*")
                                .distinct()
                                .toList());
            }
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }
        return sources;
    }

    private static void authorizationPolicy(Plan plan, Policy policy) {
        AccessRule rule = policy.rule();
        Map<String, Object> model = new LinkedHashMap<>();
        // a dot never occurs in a Service name, so the namespace-wide policy cannot clash with a service's
        model.put(
                "apiVersion",
                plan.cluster(policy.cluster())
                        .map(IstioServicePlanner::istioApiVersion)
                        .orElse("v1"));
        model.put("name", rule.service().map(s -> "dkp-mesh." + s).orElse("dkp-mesh"));
        model.put("namespace", rule.namespace());
        if (!rule.podSelector().isEmpty()) {
            model.put(
                    "podSelector",
                    new java.util.TreeMap<>(rule.podSelector())
                            .entrySet().stream()
                                    .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                                    .toList());
        }
        model.put("sources", policy.sources());
        String file = "authorizationpolicy-" + rule.namespace()
                + rule.service().map(s -> "." + s).orElse("") + ".yaml";
        plan.add(Document.clusterResource(policy.cluster(), file, "authorizationpolicy.yaml.ftl", model, Phase.PEERS));
    }
}
