package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.model.TrafficRule.Distribute;
import io.dkpmesh.core.model.TrafficRule.Failover;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Traffic rules of an Istio mesh must be renderable as Istio DestinationRule and VirtualService that
 * do what they say (IstioServicePlanner). It runs first, after the alliances' rules, where the
 * validator's traffic rules always ran.
 */
final class IstioTrafficRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() != Provider.ISTIO) {
                continue;
            }
            Set<String> regions = new TreeSet<>();
            mesh.clusters()
                    .forEach(name -> topology.cluster(name).map(Cluster::region).ifPresent(regions::add));
            for (TrafficRule rule : mesh.traffic()) {
                locality(mesh, rule, regions, findings);
                rule.canary()
                        .filter(c -> c.stable().equals(c.canary()))
                        .ifPresent(
                                c -> findings.error(
                                        FindingCode.TRAFFIC,
                                        c.pointer() + "/canary",
                                        "canary version " + Text.quote(c.canary())
                                                + " is also the stable version; give the canary pods another value of the label version"));
                federation(mesh, rule, findings);
                durations(rule, findings);
                ejection(rule, findings);
                stranded(rule, regions, findings);
            }
        }
    }

    private static void locality(Mesh mesh, TrafficRule rule, Set<String> regions, Findings findings) {
        if (!rule.failover().isEmpty() && !rule.distribute().isEmpty()) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/distribute",
                    "a traffic rule takes failover or distribute, not both: "
                            + "Istio's localityLbSetting accepts only one of them; keep failover for disaster recovery or distribute for geo weights");
        }
        for (Failover failover : rule.failover()) {
            region(mesh, failover.from(), failover.pointer() + "/from", regions, findings);
            region(mesh, failover.to(), failover.pointer() + "/to", regions, findings);
            if (failover.from().equals(failover.to())) {
                findings.error(
                        FindingCode.TRAFFIC,
                        failover.pointer() + "/to",
                        "failover from " + Text.quote(failover.from())
                                + " to itself; Istio requires another region (endpoints of the same region are already preferred)");
            }
        }
        for (Distribute distribute : rule.distribute()) {
            region(mesh, distribute.from(), distribute.pointer() + "/from", regions, findings);
            distribute
                    .to()
                    .keySet()
                    .forEach(to -> region(mesh, to, distribute.pointer() + "/to/" + to, regions, findings));
            int sum = distribute.to().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            if (sum != 100) {
                findings.error(
                        FindingCode.TRAFFIC,
                        distribute.pointer() + "/to",
                        "distribute weights from " + Text.quote(distribute.from()) + " sum to " + sum
                                + "; they must sum to 100");
            }
        }
    }

    /** One part of a duration the topology schema accepts: a number and its unit. */
    private static final java.util.regex.Pattern DURATION_PART =
            java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    /**
     * The DestinationRule CRD refuses an outlier interval or base ejection time below 1 ms: its CEL
     * rule {@code duration(self) >= duration('1ms')} (istio
     * manifests/charts/base/files/crd-all.gen.yaml, OutlierDetection), which the API server runs
     * before it stores the object. The topology schema admits {@code 0s}, so it is refused here, at
     * its line, rather than at apply time.
     */
    private static void durations(TrafficRule rule, Findings findings) {
        rule.circuitBreaker().ifPresent(breaker -> {
            breaker.interval().ifPresent(d -> atLeastOneMillisecond(rule, "interval", d, findings));
            breaker.baseEjectionTime().ifPresent(d -> atLeastOneMillisecond(rule, "baseEjectionTime", d, findings));
        });
    }

    private static void atLeastOneMillisecond(TrafficRule rule, String field, String duration, Findings findings) {
        java.math.BigDecimal millis = java.math.BigDecimal.ZERO;
        java.util.regex.Matcher part = DURATION_PART.matcher(duration);
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            millis = millis.add(new java.math.BigDecimal(part.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
        }
        if (millis.compareTo(java.math.BigDecimal.ONE) < 0) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/circuitBreaker/" + field,
                    field + " " + Text.quote(duration)
                            + " is shorter than 1ms: the DestinationRule CRD requires at least 1ms (duration(self) >= duration('1ms')), "
                            + "so the API server would refuse the object; give a duration of at least 1ms, or leave "
                            + field
                            + " out for Istio's default");
        }
    }

    /**
     * Envoy ejects at most maxEjectionPercent of the service's endpoints (istio/api
     * networking/v1alpha3/destination_rule.proto, OutlierDetection); traffic moves to the failover
     * region only once the local endpoints are ejected, so a cap below 100 can keep a failed region in use.
     */
    private static void ejection(TrafficRule rule, Findings findings) {
        if (rule.failover().isEmpty()) {
            return;
        }
        rule.circuitBreaker()
                .flatMap(TrafficRule.CircuitBreaker::maxEjectionPercent)
                .filter(p -> p < 100)
                .ifPresent(
                        p -> findings.warning(
                                FindingCode.TRAFFIC,
                                rule.pointer() + "/circuitBreaker/maxEjectionPercent",
                                "maxEjectionPercent " + p
                                        + " lets Envoy eject at most " + p + " % of the endpoints of "
                                        + Text.quote(rule.namespace() + "/" + rule.service())
                                        + " across all regions; when a region holding more than that fails, its remaining endpoints keep receiving traffic "
                                        + "and failover is partial; leave maxEjectionPercent out (failover then gets 100) or set 100"));
    }

    /**
     * distribute replaces locality priorities by weights: endpoints in a region missing from
     * {@code to} are removed for those callers (istio pilot/pkg/networking/core/loadbalancer/
     * loadbalancer.go, applyLocalityWeights), so no failover reaches them, and a canary subset
     * follows the same weights.
     */
    private static void stranded(TrafficRule rule, Set<String> regions, Findings findings) {
        for (Distribute distribute : rule.distribute()) {
            List<String> missing = regions.stream()
                    .filter(r -> distribute.to().getOrDefault(r, 0) == 0)
                    .toList();
            if (!missing.isEmpty()) {
                findings.warning(
                        FindingCode.TRAFFIC,
                        distribute.pointer() + "/to",
                        "callers in region " + Text.quote(distribute.from())
                                + " get no endpoints of " + Text.quote(rule.namespace() + "/" + rule.service()) + " in "
                                + missing
                                + ": Istio drops the endpoints of regions a distribute rule leaves out, so these callers never fail over there, "
                                + "even when every endpoint in the listed regions is down; give each member region a weight (at least 1) "
                                + "if it should take traffic when the others fail");
            }
        }
        if (rule.distribute().isEmpty()) {
            return;
        }
        rule.canary().ifPresent(canary -> {
            List<String> reach = rule.distribute().stream()
                    .map(d -> "callers in " + Text.quote(d.from()) + " reach "
                            + d.to().entrySet().stream()
                                    .filter(e -> e.getValue() > 0)
                                    .map(Map.Entry::getKey)
                                    .toList())
                    .toList();
            findings.warning(
                    FindingCode.TRAFFIC,
                    canary.pointer(),
                    "the canary subset of " + Text.quote(rule.namespace() + "/" + rule.service())
                            + " follows the distribute weights too (" + String.join("; ", reach) + "); run version "
                            + Text.quote(canary.canary())
                            + " in every region its callers reach, or their canary share finds no endpoint");
        });
    }

    /**
     * Istio takes the DestinationRule of the caller's namespace first, then the one of the service's
     * namespace, then the root namespace's, without merging (istio pilot/pkg/model/push_context.go,
     * PushContext.destinationRule). Remote members call an export through DKP's ServiceEntry in
     * {@code d8-istio}, where DKP keeps its own rule (deckhouse
     * ee/modules/110-istio/templates/federation/remote-services.yaml: tls ISTIO_MUTUAL only). The
     * planner renders the rule in each namespace the access rules admit; where they admit every
     * namespace of a member, it can only render it in the service's namespace, which its callers
     * elsewhere never consult.
     */
    private static void remoteCallers(Mesh mesh, TrafficRule rule, String exporter, Findings findings) {
        List<String> open = mesh.clusters().stream()
                .filter(member -> !member.equals(exporter))
                .filter(member -> mesh.admittedNamespaces(member, rule.namespace(), rule.service())
                        .isEmpty())
                .toList();
        if (open.isEmpty()) {
            return;
        }
        String service = Text.quote(rule.namespace() + "/" + rule.service());
        findings.warning(
                FindingCode.TRAFFIC_REMOTE_CALLERS,
                rule.pointer(),
                "in " + open + " this rule reaches only callers in namespace " + Text.quote(rule.namespace())
                        + ": they call " + service
                        + " through DKP's ServiceEntry in d8-istio, and Istio takes the DestinationRule of the "
                        + "caller's namespace first, then the one of the ServiceEntry's namespace (DKP's, with ISTIO_MUTUAL and no connection "
                        + "limits or outlier detection), so callers in any other namespace get DKP's; the access rules of mesh "
                        + Text.quote(mesh.name())
                        + " admit every namespace of these members, so dkp-mesh cannot tell where the callers run; "
                        + "add an access rule for " + service
                        + " naming the callers' namespaces (from: [{namespace: ...}]), "
                        + "and the rule is rendered in each of them");
    }

    private static void region(Mesh mesh, String region, String pointer, Set<String> regions, Findings findings) {
        if (!regions.contains(region)) {
            findings.error(
                    FindingCode.TRAFFIC,
                    pointer,
                    "no member of mesh " + Text.quote(mesh.name()) + " is in region " + Text.quote(region)
                            + "; member regions: " + regions);
        }
    }

    /**
     * In a federation a remote member reaches a service as the exporter's host, through the
     * exporter's gateway: the rule needs exactly one exporter, and subsets cannot select remote pods.
     */
    private static void federation(Mesh mesh, TrafficRule rule, Findings findings) {
        rule.affinity()
                .ifPresent(affinity -> findings.warning(
                        FindingCode.TRAFFIC,
                        rule.pointer() + "/affinity",
                        "affinity is a Cilium global-service setting; mesh " + Text.quote(mesh.name())
                                + " uses istio, so it is ignored"));
        if (mesh.type() != MeshType.FEDERATION) {
            return;
        }
        List<String> exporters = mesh.exporters(rule.namespace(), Optional.of(rule.service()));
        if (exporters.isEmpty()) {
            findings.error(
                    FindingCode.UNKNOWN_SERVICE,
                    rule.pointer() + "/service",
                    "service " + Text.quote(rule.namespace() + "/" + rule.service()) + " is not exported in federation "
                            + Text.quote(mesh.name())
                            + ", so no other member can call it; add it to exports or move the rule to a single mesh");
        } else if (exporters.size() > 1) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/service",
                    "service " + Text.quote(rule.namespace() + "/" + rule.service())
                            + " is exported by " + exporters
                            + "; in a federation each export is a separate host (its cluster's domain), "
                            + "so one traffic rule cannot cover them: export it from one member, or use a multicluster");
        }
        if (exporters.size() == 1) {
            remoteCallers(mesh, rule, exporters.get(0), findings);
        }
        if (!rule.failover().isEmpty() || !rule.distribute().isEmpty()) {
            String field = rule.failover().isEmpty() ? "distribute" : "failover";
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/" + field,
                    field + " cannot work in federation " + Text.quote(mesh.name())
                            + ": a remote member reaches " + Text.quote(rule.namespace() + "/" + rule.service())
                            + " through DKP's ServiceEntry, whose endpoints are the exporter's ingress gateways and carry no locality, and in the "
                            + "exporter all endpoints are in its own region; remove " + field
                            + ", or use a multicluster for locality routing");
        }
        rule.canary()
                .ifPresent(
                        canary -> findings.error(
                                FindingCode.TRAFFIC,
                                canary.pointer(),
                                "a canary split cannot work in federation "
                                        + Text.quote(mesh.name())
                                        + ": remote members reach the service through the exporter's ingress gateway, "
                                        + "whose endpoints carry no version label, so the subsets would be empty; split the canary in a single or multicluster mesh"));
    }
}
