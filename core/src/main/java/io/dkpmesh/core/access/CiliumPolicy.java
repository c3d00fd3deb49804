package io.dkpmesh.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CiliumNetworkPolicy's ingress side as the Cilium agent enforces it, evaluated for one source
 * endpoint against one destination endpoint. The rules are Cilium's, read from its source:
 *
 * <ul>
 *   <li>the {@code endpointSelector} of a namespaced policy only ever selects endpoints of the
 *       policy's namespace; a {@code fromEndpoints} selector that names no
 *       {@code io.kubernetes.pod.namespace} is narrowed to that namespace too
 *       (cilium {@code pkg/k8s/apis/cilium.io/utils/utils.go}, {@code getEndpointSelector},
 *       {@code ParseToCiliumRule});</li>
 *   <li>a CiliumClusterwideNetworkPolicy ({@link #CLUSTERWIDE}) is narrowed to no namespace: its
 *       {@code endpointSelector} selects endpoints of every namespace, and a {@code fromEndpoints}
 *       selector without a namespace label matches peers in every namespace (the same
 *       {@code utils.go}: the namespace label is added only for a namespaced policy);</li>
 *   <li>with {@code policy-default-local-cluster} (the default since Cilium 1.19), a peer selector
 *       that names no {@code io.cilium.k8s.policy.cluster} matches endpoints of the local cluster
 *       only (cilium {@code Documentation/operations/upgrade.rst}, "Preparing for a
 *       policy-default-local-cluster change");</li>
 *   <li>an endpoint is default-allow for ingress until a policy with an {@code ingress} or
 *       {@code ingressDeny} section selects it, unless that policy sets
 *       {@code enableDefaultDeny.ingress: false} (cilium {@code Documentation/security/policy/intro.rst}
 *       "Endpoint default policy", {@code pkg/policy/api/rule_validation.go});</li>
 *   <li>deny rules take precedence over allow rules; allow rules add up
 *       (cilium {@code Documentation/security/policy/language.rst}, "Deny Policies").</li>
 * </ul>
 *
 * <p>Ports: a verdict is about the target's ports, when the topology gives them (a federation
 * export's {@code ports}). A rule's {@code toPorts} ({@code port}, {@code endPort}, {@code protocol};
 * {@code ANY} or none is TCP, UDP and SCTP, cilium CRD {@code PortProtocol}) then allows when it
 * covers every one of them and denies when it covers one. Without known target ports, a rule with
 * {@code toPorts} never counts as admitting and always counts as denying; so does a rule with L7
 * {@code rules} or a named port. Peers other than endpoints ({@code fromEntities},
 * {@code fromCIDR}, ...) never count as admitting; {@code fromEntities: [all]} counts as matching
 * every endpoint.
 */
public record CiliumPolicy(
        String object,
        String namespace,
        Selector endpoints,
        List<Peers> ingress,
        List<Peers> ingressDeny,
        Optional<Boolean> enableDefaultDeny) {

    /** The namespace of a CiliumClusterwideNetworkPolicy: none. */
    public static final String CLUSTERWIDE = "";

    /** The label a pod's endpoint carries with its namespace. */
    public static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    /** The label every endpoint carries with its ClusterMesh cluster name. */
    public static final String CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";
    /**
     * The label a pod's endpoint carries with its service account (cilium
     * {@code pkg/k8s/apis/cilium.io/const.go} {@code PolicyLabelServiceAccount}, set from
     * {@code pod.Spec.ServiceAccountName} in {@code pkg/k8s/utils/utils.go}).
     */
    public static final String SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";

    /**
     * One ingress rule: its endpoint selectors, already narrowed as the agent narrows them.
     *
     * @param partial whether something besides its peers and numbered ports narrows it (L7 rules, a
     *                named port, non-endpoint peers)
     * @param ports   its numbered {@code toPorts}; empty for every port
     */
    public record Peers(
            List<Selector> endpoints,
            boolean all,
            boolean partial,
            List<PortRange> ports,
            Map<String, List<Selector>> byCluster) {
        public Peers {
            endpoints = List.copyOf(endpoints);
            ports = List.copyOf(ports);
        }

        public Peers(List<Selector> endpoints, boolean all, boolean partial, List<PortRange> ports) {
            this(endpoints, all, partial, ports, byCluster(endpoints));
        }

        public Peers(List<Selector> endpoints, boolean all, boolean partial) {
            this(endpoints, all, partial, List.of());
        }

        /**
         * The selectors by the cluster their {@code matchLabels} pin ({@code ""}: none pinned): a
         * rule of a mesh of N clusters names each by its cluster label, so a source is tried against
         * the selectors of its own cluster only, not all N of them for each of N x N callers and targets.
         */
        private static Map<String, List<Selector>> byCluster(List<Selector> endpoints) {
            Map<String, List<Selector>> index = new java.util.HashMap<>();
            for (Selector selector : endpoints) {
                index.computeIfAbsent(selector.labels().getOrDefault(CLUSTER_LABEL, ""), k -> new ArrayList<>())
                        .add(selector);
            }
            index.replaceAll((k, v) -> List.copyOf(v));
            return Map.copyOf(index);
        }

        /** Whether some selector matches the source: those pinning its cluster, and those pinning none. */
        boolean anyMatches(Map<String, String> source) {
            String cluster = source.get(CLUSTER_LABEL);
            if (cluster != null && !cluster.isEmpty()) {
                for (Selector selector : byCluster.getOrDefault(cluster, List.of())) {
                    if (selector.matches(source)) {
                        return true;
                    }
                }
            }
            for (Selector selector : byCluster.getOrDefault("", List.of())) {
                if (selector.matches(source)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A {@code toPorts} entry: ports {@code from..to} of a protocol ({@code ANY}: TCP, UDP and SCTP). */
    public record PortRange(int from, int to, String protocol) {
        boolean covers(TargetPort port) {
            return port.port() >= from
                    && port.port() <= to
                    && (protocol.equals("ANY") || protocol.equals(port.protocol()));
        }
    }

    /** A port of the target Service: number and protocol. */
    public record TargetPort(int port, String protocol) {}

    /**
     * Parses {@code spec} of a CiliumNetworkPolicy.
     *
     * @param localCluster the cluster name of the agent that enforces it
     * @param defaultLocalCluster whether {@code policy-default-local-cluster} is on
     */
    public static CiliumPolicy parse(
            String object, String namespace, Map<?, ?> spec, String localCluster, boolean defaultLocalCluster) {
        Selector selector = Selector.parse(spec.get("endpointSelector"));
        Selector endpoints = namespace.equals(CLUSTERWIDE) ? selector : selector.and(NAMESPACE_LABEL, namespace);
        Optional<Boolean> defaultDeny =
                spec.get("enableDefaultDeny") instanceof Map<?, ?> d && d.get("ingress") instanceof Boolean b
                        ? Optional.of(b)
                        : Optional.empty();
        return new CiliumPolicy(
                object,
                namespace,
                endpoints,
                rules(spec.get("ingress"), namespace, localCluster, defaultLocalCluster),
                rules(spec.get("ingressDeny"), namespace, localCluster, defaultLocalCluster),
                defaultDeny);
    }

    private static List<Peers> rules(Object node, String namespace, String localCluster, boolean defaultLocalCluster) {
        List<Peers> rules = new ArrayList<>();
        if (!(node instanceof List<?> list)) {
            return rules;
        }
        for (Object item : list) {
            Map<?, ?> rule = item instanceof Map<?, ?> m ? m : Map.of();
            List<Selector> selectors = new ArrayList<>();
            if (rule.get("fromEndpoints") instanceof List<?> from) {
                for (Object selector : from) {
                    Selector s = Selector.parse(selector);
                    if (!namespace.equals(CLUSTERWIDE) && !s.constrains(NAMESPACE_LABEL)) {
                        s = s.and(NAMESPACE_LABEL, namespace);
                    }
                    if (defaultLocalCluster && !s.constrains(CLUSTER_LABEL)) {
                        s = s.and(CLUSTER_LABEL, localCluster);
                    }
                    selectors.add(s);
                }
            }
            boolean all = rule.get("fromEntities") instanceof List<?> entities && entities.contains("all");
            boolean onlyEndpoints = rule.keySet().stream()
                    .allMatch(k -> k.equals("fromEndpoints") || k.equals("toPorts") || k.equals("fromEntities") && all);
            List<PortRange> ports = new ArrayList<>();
            boolean unknownPorts = rule.containsKey("toPorts") && !ports(rule.get("toPorts"), ports);
            // an empty rule ({}) selects no peer: it only switches the endpoint to default deny
            rules.add(new Peers(selectors, all, !onlyEndpoints || unknownPorts, ports));
        }
        return rules;
    }

    /** Reads numbered {@code toPorts}; false when some entry is not one (a named port, L7 rules). */
    private static boolean ports(Object node, List<PortRange> into) {
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            return false;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)
                    || entry.keySet().stream().anyMatch(k -> !k.equals("ports"))
                    || !(entry.get("ports") instanceof List<?> ports)
                    || ports.isEmpty()) {
                return false;
            }
            for (Object p : ports) {
                if (!(p instanceof Map<?, ?> port)
                        || !String.valueOf(port.get("port")).matches("[0-9]{1,5}")) {
                    return false;
                }
                int from = Integer.parseInt(String.valueOf(port.get("port")));
                int to = port.get("endPort") instanceof Number end ? end.intValue() : from;
                String protocol = port.get("protocol") == null ? "ANY" : String.valueOf(port.get("protocol"));
                if (from == 0) {
                    // the CRD does not say what port 0 means: not a port the matrix can reason about
                    return false;
                }
                into.add(new PortRange(from, Math.max(from, to), protocol));
            }
        }
        return true;
    }

    /**
     * The agent's ingress decision for an endpoint and a source: a matching deny rule drops; an
     * endpoint in default deny needs a matching allow rule; otherwise the packet passes.
     *
     * @param endpoint the destination's labels, with its namespace and cluster labels
     * @param source   the source endpoint's labels, with its namespace and cluster labels
     */
    public static LayerVerdict decide(
            List<CiliumPolicy> policies,
            String endpointNamespace,
            Map<String, String> endpoint,
            Map<String, String> source) {
        return decide(
                policies.stream()
                        .filter(p -> p.selects(endpointNamespace, endpoint))
                        .toList(),
                source);
    }

    /** {@link #decide(List, String, Map, Map)} over the policies known to select the endpoint. */
    static LayerVerdict decide(List<CiliumPolicy> selecting, Map<String, String> source) {
        return new Decider(selecting).decide(source);
    }

    /**
     * The agent's decision on the target's ports: a deny rule drops when it covers one of them, an
     * allow rule admits when it covers all (see the class comment).
     *
     * @param ports the target's ports; empty when unknown
     */
    public static LayerVerdict decide(
            List<CiliumPolicy> policies,
            String endpointNamespace,
            Map<String, String> endpoint,
            Map<String, String> source,
            List<TargetPort> ports) {
        return new Decider(
                        policies.stream()
                                .filter(p -> p.selects(endpointNamespace, endpoint))
                                .toList(),
                        ports)
                .decide(source);
    }

    /**
     * The decision over one endpoint's selecting policies, for many sources: the verdicts that name
     * only policies are built once, not once per caller.
     */
    static final class Decider {
        private final List<CiliumPolicy> selecting;
        private final List<TargetPort> ports;
        private final List<LayerVerdict> denied = new ArrayList<>();
        private final List<LayerVerdict> allowed = new ArrayList<>();
        private final boolean defaultDeny;
        private final LayerVerdict noMatch;

        Decider(List<CiliumPolicy> selecting) {
            this(selecting, List.of());
        }

        /** @param ports the target's ports; empty when unknown */
        Decider(List<CiliumPolicy> selecting, List<TargetPort> ports) {
            this.selecting = List.copyOf(selecting);
            this.ports = List.copyOf(ports);
            boolean deny = false;
            List<String> denying = new ArrayList<>();
            for (CiliumPolicy policy : this.selecting) {
                denied.add(new LayerVerdict(false, List.of(policy.object()), "an ingressDeny rule matches"));
                allowed.add(new LayerVerdict(true, List.of(policy.object()), "a rule allows it"));
                if (policy.defaultDeny()) {
                    deny = true;
                    denying.add(policy.object());
                }
            }
            this.defaultDeny = deny;
            this.noMatch = new LayerVerdict(false, denying, "selected for ingress, and no ingress rule matches");
        }

        LayerVerdict decide(Map<String, String> source) {
            for (int i = 0; i < selecting.size(); i++) {
                if (selecting.get(i).denies(source, ports)) {
                    return denied.get(i);
                }
            }
            if (!defaultDeny) {
                return selecting.isEmpty() ? LayerVerdict.OPEN : NOT_DENIED;
            }
            for (int i = 0; i < selecting.size(); i++) {
                if (selecting.get(i).allows(source, ports)) {
                    return allowed.get(i);
                }
            }
            return noMatch;
        }
    }

    private static final LayerVerdict NOT_DENIED = new LayerVerdict(true, List.of(), "no rule denies it");

    /** Whether this policy selects the endpoint for ingress enforcement at all. */
    public boolean selects(String endpointNamespace, Map<String, String> labels) {
        return (namespace.equals(CLUSTERWIDE) || namespace.equals(endpointNamespace))
                && (!ingress.isEmpty() || !ingressDeny.isEmpty())
                && endpoints.matches(labels);
    }

    /** Whether selecting an endpoint puts it into default deny for ingress. */
    public boolean defaultDeny() {
        return enableDefaultDeny.orElse(!ingress.isEmpty() || !ingressDeny.isEmpty());
    }

    /** Whether an ingress rule admits every packet of the source. */
    public boolean allows(Map<String, String> source) {
        return allows(source, List.of());
    }

    /** Whether an ingress deny rule drops some packet of the source. */
    public boolean denies(Map<String, String> source) {
        return denies(source, List.of());
    }

    /** Whether an ingress rule admits every packet of the source to the target's ports (empty: unknown). */
    public boolean allows(Map<String, String> source, List<TargetPort> ports) {
        return ingress.stream()
                .anyMatch(rule -> !rule.partial()
                        && matches(rule, source)
                        && (rule.ports().isEmpty()
                                || !ports.isEmpty()
                                        && ports.stream()
                                                .allMatch(p ->
                                                        rule.ports().stream().anyMatch(r -> r.covers(p)))));
    }

    /** Whether an ingress deny rule drops some packet of the source to the target's ports (empty: unknown). */
    public boolean denies(Map<String, String> source, List<TargetPort> ports) {
        return ingressDeny.stream()
                .anyMatch(rule -> matches(rule, source)
                        && (rule.ports().isEmpty()
                                || ports.isEmpty()
                                || ports.stream()
                                        .anyMatch(p -> rule.ports().stream().anyMatch(r -> r.covers(p)))));
    }

    private static boolean matches(Peers rule, Map<String, String> source) {
        return rule.all() || rule.anyMatches(source);
    }
}
