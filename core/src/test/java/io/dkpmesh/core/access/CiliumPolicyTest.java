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
}
