package io.dkpmesh.core.model;

import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Policies.Residency;
import io.dkpmesh.core.model.TrafficRule.Canary;
import io.dkpmesh.core.model.TrafficRule.CircuitBreaker;
import io.dkpmesh.core.model.TrafficRule.Distribute;
import io.dkpmesh.core.model.TrafficRule.Failover;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Builds the immutable model from a document that already passed the topology schema, so every
 * field here has the type and shape the schema promises; defaults of PRODUCT.md §3 are applied.
 */
public final class TopologyReader {

    private TopologyReader() {}

    public static Topology read(JsonNode root) {
        JsonNode spec = root.path("spec");
        String name = root.path("metadata").path("name").asString();
        return new Topology(
                name,
                gitops(spec.path("gitops"), name),
                list(spec.path("clusters"), "/spec/clusters", TopologyReader::cluster),
                list(spec.path("meshes"), "/spec/meshes", TopologyReader::mesh),
                policies(spec.path("policies")));
    }

    /** With LoadBalancer (the default) the peers dial the Service port, 2379, unless the topology says otherwise. */
    private static CiliumMember ciliumMember(JsonNode cilium) {
        JsonNode apiserver = cilium.path("apiserver");
        CiliumMember.ServiceType type =
                CiliumMember.ServiceType.of(apiserver.path("serviceType").asString(""));
        int defaultPort =
                type == CiliumMember.ServiceType.LOAD_BALANCER && apiserver.isObject() ? CiliumMember.SERVICE_PORT : 0;
        return new CiliumMember(
                cilium.path("id").asInt(),
                apiserver.path("address").asString(""),
                apiserver.path("port").asInt(defaultPort),
                type,
                CiliumMember.Install.of(cilium.path("install").asString("")));
    }

    private static Cluster cluster(JsonNode c, String pointer) {
        JsonNode cilium = c.path("cilium");
        Optional<CiliumMember> member = cilium.isObject() ? Optional.of(ciliumMember(cilium)) : Optional.empty();
        return new Cluster(
                pointer,
                c.path("name").asString(),
                Edition.of(c.path("edition").asString()),
                c.path("region").asString(""),
                text(c, "zone"),
                text(c, "network"),
                text(c, "environment"),
                strings(c.path("labels")),
                text(c, "clusterDomain").orElse(Cluster.DEFAULT_CLUSTER_DOMAIN),
                text(c, "publicDomain"),
                c.path("podSubnetCIDR").asString(""),
                c.path("serviceSubnetCIDR").asString(""),
                text(c, "apiServer"),
                text(c, "metadataEndpoint"),
                text(c, "metadataCA"),
                c.path("metadataInsecureSkipVerify").asBoolean(false),
                member,
                text(c, "dkpVersion").flatMap(Version::parse),
                settings(c.path("moduleSettings").path("istio")));
    }

    private static Mesh mesh(JsonNode m, String pointer) {
        JsonNode gateway = m.path("ingressGateway");
        IngressGateway ingress = new IngressGateway(
                pointer + "/ingressGateway",
                gateway.isObject(),
                text(gateway, "inlet").orElse(IngressGateway.LOAD_BALANCER),
                integer(gateway, "nodePort"));
        return new Mesh(
                pointer,
                m.path("name").asString(),
                MeshType.of(m.path("type").asString()),
                Provider.of(m.path("provider").asString()),
                list(m.path("clusters"), pointer + "/clusters", (n, p) -> n.asString()),
                ingress,
                list(
                        m.path("exports"),
                        pointer + "/exports",
                        (e, p) -> new Export(
                                p,
                                e.path("cluster").asString(),
                                e.path("namespace").asString(),
                                e.path("service").asString(),
                                list(
                                        e.path("ports"),
                                        p + "/ports",
                                        (port, q) -> new Export.ServicePort(
                                                q,
                                                port.path("name").asString(""),
                                                port.path("port").asInt(),
                                                port.path("protocol").asString("TCP"))),
                                strings(e.path("workloadLabels")))),
                list(m.path("namespaces"), pointer + "/namespaces", (n, p) -> n.asString()),
                m.path("flatNetwork").asBoolean(false),
                m.path("sourceIPPreserved").asBoolean(false),
                list(m.path("access"), pointer + "/access", TopologyReader::access),
                list(m.path("traffic"), pointer + "/traffic", TopologyReader::traffic),
                m.path("cilium").path("maxConnectedClusters").asInt(255),
                m.path("mtls").asString(Mesh.PERMISSIVE),
                list(m.path("hubs"), pointer + "/hubs", (n, p) -> n.asString()));
    }

    private static AccessRule access(JsonNode a, String pointer) {
        return new AccessRule(
                pointer,
                a.path("namespace").asString(),
                text(a, "service"),
                strings(a.path("workloadLabels")),
                list(a.path("from"), pointer + "/from", TopologyReader::callers).stream()
                        .flatMap(List::stream)
                        .toList());
    }

    /**
     * A caller as written, or a platform caller as one caller per namespace and service account of its
     * components; a platform entry that also names a namespace keeps it, for validation to refuse.
     */
    private static List<Caller> callers(JsonNode f, String pointer) {
        Optional<String> platform = text(f, "platform");
        if (platform.isEmpty()
                || text(f, "namespace").isPresent()
                || text(f, "serviceAccount").isPresent()) {
            return List.of(new Caller(
                    pointer,
                    text(f, "cluster"),
                    text(f, "namespace"),
                    text(f, "serviceAccount"),
                    platform.flatMap(p -> AccessRule.Platform.named(p).stream().findFirst())));
        }
        return AccessRule.Platform.named(platform.get()).stream()
                .map(p -> new Caller(
                        pointer,
                        text(f, "cluster"),
                        Optional.of(p.namespace()),
                        Optional.of(p.serviceAccount()),
                        Optional.of(p)))
                .toList();
    }

    private static TrafficRule traffic(JsonNode t, String pointer) {
        JsonNode cb = t.path("circuitBreaker");
        Optional<CircuitBreaker> breaker = cb.isObject()
                ? Optional.of(new CircuitBreaker(
                        integer(cb, "maxConnections"),
                        integer(cb, "maxPendingRequests"),
                        integer(cb, "consecutive5xxErrors"),
                        text(cb, "interval"),
                        text(cb, "baseEjectionTime"),
                        integer(cb, "maxEjectionPercent")))
                : Optional.empty();
        JsonNode canary = t.path("canary");
        return new TrafficRule(
                pointer,
                t.path("service").asString(),
                t.path("namespace").asString(),
                breaker,
                list(
                        t.path("failover"),
                        pointer + "/failover",
                        (f, p) -> new Failover(
                                p, f.path("from").asString(), f.path("to").asString())),
                list(
                        t.path("distribute"),
                        pointer + "/distribute",
                        (d, p) -> new Distribute(p, d.path("from").asString(), weights(d.path("to")))),
                canary.isObject()
                        ? Optional.of(new Canary(
                                pointer + "/canary",
                                canary.path("stable").asString(),
                                canary.path("canary").asString(),
                                canary.path("weight").asInt(),
                                text(canary, "versionLabel").orElse(Canary.DEFAULT_VERSION_LABEL)))
                        : Optional.empty(),
                text(t, "affinity"));
    }

    private static Gitops gitops(JsonNode g, String topologyName) {
        String path = text(g, "path").orElse("rendered");
        Optional<String> chartVersion = text(g.path("cilium"), "chartVersion");
        Delivery delivery = switch (text(g, "tool").orElse("none")) {
            case "argocd" ->
                new Delivery.ArgoCd(
                        text(g, "repoURL"),
                        text(g, "revision").orElse("main"),
                        path,
                        text(g.path("argocd"), "namespace").orElse("argocd"),
                        text(g.path("argocd"), "project").orElse("default"),
                        chartVersion,
                        text(g.path("cilium"), "repoURL").orElse("https://helm.cilium.io/"));
            case "flux" ->
                new Delivery.Flux(
                        path,
                        text(g.path("flux"), "namespace").orElse("flux-system"),
                        text(g.path("flux"), "gitRepository").orElse(topologyName),
                        chartVersion,
                        text(g.path("cilium"), "helmRepository").orElse("cilium"));
            // the schema admits no other tool
            default -> new Delivery.None();
        };
        return new Gitops(delivery, g.path("namespacesExist").asBoolean(false));
    }

    private static Policies policies(JsonNode p) {
        return new Policies(
                list(
                        p.path("residency"),
                        "/spec/policies/residency",
                        (r, ptr) -> new Residency(
                                ptr,
                                r.path("namespace").asString(),
                                list(r.path("allowedClusters"), ptr + "/allowedClusters", (n, x) -> n.asString()),
                                strings(r.path("allowedLabels")))),
                p.path("allowCrossEnvironment").asBoolean(false));
    }

    private static <T> List<T> list(JsonNode array, String pointer, BiFunction<JsonNode, String, T> item) {
        List<T> out = new ArrayList<>();
        if (array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                out.add(item.apply(array.get(i), pointer + "/" + i));
            }
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? Optional.of(value.asInt()) : Optional.empty();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        }
        return out;
    }

    /** Module settings as plain values, keys sorted so that the output never depends on the input's order. */
    private static Map<String, Object> settings(JsonNode object) {
        Map<String, Object> out = new java.util.TreeMap<>();
        if (object.isObject()) {
            object.properties().stream()
                    .filter(e -> !e.getValue().isNull())
                    .forEach(e -> out.put(e.getKey(), value(e.getValue())));
        }
        return out;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return settings(node);
        } else if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item)));
            return items;
        } else if (node.isBoolean()) {
            return node.asBoolean();
        } else if (node.isIntegralNumber()) {
            return node.asLong();
        } else if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asString();
    }

    private static Map<String, Integer> weights(JsonNode object) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        }
        return out;
    }
}
