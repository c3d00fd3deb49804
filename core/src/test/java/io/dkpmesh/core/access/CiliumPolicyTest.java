package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The CiliumNetworkPolicy evaluator against outcomes Cilium documents: endpoint default policy and
 * enableDefaultDeny (cilium {@code Documentation/security/policy/intro.rst}), namespaced selectors
 * ({@code Documentation/security/policy/kubernetes.rst}, {@code pkg/k8s/apis/cilium.io/utils/utils.go}),
 * deny precedence ({@code Documentation/security/policy/language.rst}) and
 * {@code policy-default-local-cluster} ({@code Documentation/operations/upgrade.rst}). Policies are
 * hand-written here, not rendered by dkp-mesh.
 */
class CiliumPolicyTest {

    static final String LOCAL = "msk";

    static Map<String, String> pod(String cluster, String namespace, String... labels) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            out.put(labels[i], labels[i + 1]);
        }
        out.put(CiliumPolicy.NAMESPACE_LABEL, namespace);
        out.put(CiliumPolicy.CLUSTER_LABEL, cluster);
        return out;
    }

    static List<CiliumPolicy> policies(String yaml) {
        List<CiliumPolicy> out = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            Map<?, ?> object = (Map<?, ?>) document;
            Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
            out.add(CiliumPolicy.parse(
                    String.valueOf(metadata.get("name")),
                    String.valueOf(metadata.get("namespace")),
                    (Map<?, ?>) object.get("spec"),
                    LOCAL,
                    true));
        }
        return out;
    }

    static LayerVerdict decide(String yaml, Map<String, String> endpoint, Map<String, String> source) {
        return CiliumPolicy.decide(policies(yaml), endpoint.get(CiliumPolicy.NAMESPACE_LABEL), endpoint, source);
    }

    static final Map<String, String> BACKEND = pod(LOCAL, "prod", "app", "backend");

    @Test
    void endpointsAreDefaultAllowUntilSelected() {
        assertThat(CiliumPolicy.decide(List.of(), "prod", BACKEND, pod("spb", "other"))
                        .allowed())
                .isTrue();
    }

    /** The documented default-deny-ingress policy: endpointSelector {} with ingress [{}] admits nothing. */
    @Test
    void emptyIngressRuleIsDefaultDeny() {
        String policy = """
                metadata: {name: default-deny-ingress, namespace: prod}
                spec: {endpointSelector: {}, ingress: [{}]}
                """;
        LayerVerdict verdict = decide(policy, BACKEND, pod(LOCAL, "prod", "app", "frontend"));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.by()).containsExactly("default-deny-ingress");
        assertThat(decide(policy, pod(LOCAL, "dev", "app", "backend"), pod(LOCAL, "dev"))
                        .allowed())
                .as("other namespace")
                .isTrue();
    }

    /** A fromEndpoints selector without a namespace label is limited to the policy's namespace. */
    @Test
    void peerSelectorsDefaultToThePolicyNamespace() {
        String policy = """
                metadata: {name: from-frontend, namespace: prod}
                spec:
                  endpointSelector: {matchLabels: {app: backend}}
                  ingress: [{fromEndpoints: [{matchLabels: {role: frontend}}]}]
                """;
        assertThat(decide(policy, BACKEND, pod(LOCAL, "prod", "role", "frontend"))
                        .allowed())
                .isTrue();
        assertThat(decide(policy, BACKEND, pod(LOCAL, "dev", "role", "frontend"))
                        .allowed())
                .isFalse();
        String other = """
                metadata: {name: from-dev, namespace: prod}
                spec:
                  endpointSelector: {matchLabels: {app: backend}}
                  ingress: [{fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": dev}}]}]
                """;
        assertThat(decide(other, BACKEND, pod(LOCAL, "dev", "role", "frontend")).allowed())
                .isTrue();
        assertThat(decide(other, pod(LOCAL, "prod", "app", "db"), pod(LOCAL, "prod"))
                        .allowed())
                .as("not selected")
                .isTrue();
    }

    /** With policy-default-local-cluster, a peer selector without the cluster label matches local endpoints only. */
    @Test
    void peerSelectorsDefaultToTheLocalCluster() {
        String policy = """
                metadata: {name: from-dev, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev}}]}]
                """;
        assertThat(decide(policy, BACKEND, pod(LOCAL, "dev")).allowed()).isTrue();
        assertThat(decide(policy, BACKEND, pod("spb", "dev")).allowed()).isFalse();
        String remote = """
                metadata: {name: from-spb, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev, io.cilium.k8s.policy.cluster: spb}}]}]
                """;
        assertThat(decide(remote, BACKEND, pod("spb", "dev")).allowed()).isTrue();
        assertThat(decide(remote, BACKEND, pod(LOCAL, "dev")).allowed()).isFalse();
    }

    /** Deny rules take precedence over allow rules; matchExpressions NotIn holds where the key is missing. */
    @Test
    void denyWinsOverAllow() {
        String policies = """
                metadata: {name: allow-all-namespaces, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: Exists}]}]}]
                ---
                metadata: {name: deny-dev, namespace: prod}
                spec:
                  endpointSelector: {matchExpressions: [{key: app, operator: NotIn, values: [public]}]}
                  ingressDeny: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev}}]}]
                """;
        LayerVerdict denied = decide(policies, BACKEND, pod(LOCAL, "dev"));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.by()).containsExactly("deny-dev");
        assertThat(decide(policies, pod(LOCAL, "prod", "app", "public"), pod(LOCAL, "dev"))
                        .allowed())
                .isTrue();
        assertThat(decide(policies, pod(LOCAL, "prod"), pod(LOCAL, "dev")).allowed())
                .as("NotIn holds without the key")
                .isFalse();
        assertThat(decide(policies, BACKEND, pod(LOCAL, "qa")).allowed()).isTrue();
    }

    /** A deny-only policy puts the endpoint into default deny, unless enableDefaultDeny.ingress is false. */
    @Test
    void denyOnlyPolicyAndEnableDefaultDeny() {
        String denyOnly = """
                metadata: {name: deny-dev, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingressDeny: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev}}]}]
                """;
        assertThat(decide(denyOnly, BACKEND, pod(LOCAL, "qa")).allowed()).isFalse();
        String keepsDefault =
                denyOnly.replace("endpointSelector: {}", "endpointSelector: {}\n  enableDefaultDeny: {ingress: false}");
        assertThat(decide(keepsDefault, BACKEND, pod(LOCAL, "qa")).allowed()).isTrue();
        assertThat(decide(keepsDefault, BACKEND, pod(LOCAL, "dev")).allowed()).isFalse();
    }

    /** A rule limited to ports admits some packets only: it never admits a caller as a whole. */
    @Test
    void portLimitedRulesDoNotAdmitACaller() {
        String policy = """
                metadata: {name: http-only, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
                """;
        assertThat(decide(policy, BACKEND, pod(LOCAL, "prod")).allowed()).isFalse();
    }

    /**
     * Without policy-default-local-cluster (chart 1.18's default), a selector without the cluster
     * label matches that namespace in every cluster of the mesh (cilium
     * Documentation/operations/upgrade.rst, "Preparing for a policy-default-local-cluster change").
     */
    @Test
    void withoutDefaultLocalClusterPeerSelectorsMatchEveryCluster() {
        Map<?, ?> spec = (Map<?, ?>)
                new Load(LoadSettings.builder().build())
                        .loadFromString(
                                "{endpointSelector: {}, ingress: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev}}]}]}");
        CiliumPolicy off = CiliumPolicy.parse("from-dev", "prod", spec, LOCAL, false);
        CiliumPolicy on = CiliumPolicy.parse("from-dev", "prod", spec, LOCAL, true);
        assertThat(CiliumPolicy.decide(List.of(off), "prod", BACKEND, pod("spb", "dev"))
                        .allowed())
                .isTrue();
        assertThat(CiliumPolicy.decide(List.of(on), "prod", BACKEND, pod("spb", "dev"))
                        .allowed())
                .isFalse();
        assertThat(CiliumPolicy.decide(List.of(off), "prod", BACKEND, pod("spb", "qa"))
                        .allowed())
                .as("the namespace still narrows it")
                .isFalse();
    }

    /**
     * The federation boundary's port rule, worked by hand: remote pods are denied 1..8079 and
     * 8081..65535 of any protocol and UDP 8080, so on a Service of 8080/TCP nothing denies them, on
     * 9090/TCP the second range does, and where the Service's ports are unknown the rule counts as
     * denying (some port is denied).
     */
    @Test
    void denyRulesWithPortsDenyOnlyTheirPorts() {
        String boundary = """
                metadata: {name: boundary-ports, namespace: prod}
                spec:
                  endpointSelector: {matchLabels: {app: backend}}
                  enableDefaultDeny: {ingress: false}
                  ingressDeny:
                    - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.cluster: spb}, matchExpressions: [{key: io.kubernetes.pod.namespace, operator: Exists}]}]
                      toPorts:
                        - ports:
                            - {port: "1", endPort: 8079, protocol: ANY}
                            - {port: "8081", endPort: 65535, protocol: ANY}
                            - {port: "8080", protocol: UDP}
                """;
        Map<String, String> remote = pod("spb", "shop");
        List<CiliumPolicy> policies = policies(boundary);
        assertThat(CiliumPolicy.decide(
                                policies, "prod", BACKEND, remote, List.of(new CiliumPolicy.TargetPort(8080, "TCP")))
                        .allowed())
                .isTrue();
        assertThat(CiliumPolicy.decide(
                                policies, "prod", BACKEND, remote, List.of(new CiliumPolicy.TargetPort(8080, "UDP")))
                        .allowed())
                .isFalse();
        assertThat(CiliumPolicy.decide(
                                policies,
                                "prod",
                                BACKEND,
                                remote,
                                List.of(
                                        new CiliumPolicy.TargetPort(8080, "TCP"),
                                        new CiliumPolicy.TargetPort(9090, "TCP")))
                        .allowed())
                .isFalse();
        assertThat(CiliumPolicy.decide(policies, "prod", BACKEND, remote, List.of())
                        .allowed())
                .as("ports unknown")
                .isFalse();
        assertThat(CiliumPolicy.decide(
                                policies,
                                "prod",
                                BACKEND,
                                pod(LOCAL, "shop"),
                                List.of(new CiliumPolicy.TargetPort(9090, "TCP")))
                        .allowed())
                .as("local callers are not the rule's peers")
                .isTrue();
    }

    /** An allow rule with ports admits a caller when it covers every port of the Service, and never when they are unknown. */
    @Test
    void allowRulesWithPortsAdmitWhenTheyCoverTheServicesPorts() {
        String policy = """
                metadata: {name: http-only, namespace: prod}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: "80", protocol: TCP}, {port: "8000", endPort: 8100}]}]}]
                """;
        List<CiliumPolicy> policies = policies(policy);
        Map<String, String> caller = pod(LOCAL, "prod");
        assertThat(CiliumPolicy.decide(
                                policies,
                                "prod",
                                BACKEND,
                                caller,
                                List.of(
                                        new CiliumPolicy.TargetPort(80, "TCP"),
                                        new CiliumPolicy.TargetPort(8080, "UDP")))
                        .allowed())
                .isTrue();
        assertThat(CiliumPolicy.decide(
                                policies, "prod", BACKEND, caller, List.of(new CiliumPolicy.TargetPort(80, "UDP")))
                        .allowed())
                .isFalse();
        assertThat(CiliumPolicy.decide(policies, "prod", BACKEND, caller, List.of())
                        .allowed())
                .isFalse();
    }

    /**
     * A rule's selectors are looked up by the cluster they pin: the answer must be the one of trying
     * every selector, for selectors pinning a cluster by label, by expression only or not at all,
     * and sources of every cluster, of none and of an empty one.
     */
    @Test
    void selectorsLookedUpByTheirClusterAnswerAsTryingEach() {
        String cluster = CiliumPolicy.CLUSTER_LABEL;
        String namespace = CiliumPolicy.NAMESPACE_LABEL;
        List<Selector> selectors = List.of(
                new Selector(Map.of(cluster, "c1", namespace, "shop"), List.of()),
                new Selector(Map.of(cluster, "c2"), List.of()),
                new Selector(Map.of(namespace, "ops"), List.of()),
                new Selector(Map.of(), List.of(new Selector.Requirement(cluster, "In", List.of("c3", "c4")))),
                new Selector(Map.of(cluster, ""), List.of()),
                new Selector(Map.of(cluster, "c4", namespace, "ops"), List.of()));
        List<Map<String, String>> sources = new ArrayList<>();
        for (String c : List.of("c1", "c2", "c3", "c4", "c5", "", "-")) {
            for (String ns : List.of("shop", "ops", "billing")) {
                sources.add(c.equals("-") ? Map.of(namespace, ns) : Map.of(cluster, c, namespace, ns));
            }
        }
        for (int mask = 0; mask < 1 << selectors.size(); mask++) {
            List<Selector> some = new ArrayList<>();
            for (int i = 0; i < selectors.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    some.add(selectors.get(i));
                }
            }
            CiliumPolicy.Peers rule = new CiliumPolicy.Peers(some, false, false);
            for (Map<String, String> source : sources) {
                assertThat(rule.anyMatches(source))
                        .as("%s from %s", some, source)
                        .isEqualTo(some.stream().anyMatch(s -> s.matches(source)));
            }
        }
    }
}
