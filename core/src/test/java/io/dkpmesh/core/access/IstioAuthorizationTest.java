package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.IstioAuthorization.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The AuthorizationPolicy evaluator against outcomes Istio documents: the policy examples and the
 * evaluation order of https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * (istio/api {@code security/v1beta1/authorization_policy.proto}), and the matchers istiod builds
 * (istio {@code pilot/pkg/security/authz/model/generator.go}, {@code model/matcher/string.go},
 * {@code builder/builder.go}). Policies are hand-written here, not rendered by dkp-mesh.
 */
class IstioAuthorizationTest {

    static final String ROOT = "istio-system";
    static final Map<String, String> HTTPBIN = Map.of("app", "httpbin", "version", "v1");

    static Peer identity(String principal) {
        return new Peer(Optional.of(principal), Optional.of("10.1.0.0/16"));
    }

    static final Peer PLAIN_TEXT = new Peer(Optional.empty(), Optional.of("10.1.0.0/16"));

    /** Parses YAML documents separated by {@code ---} into policies, named by their metadata.name. */
    static List<IstioAuthorization> policies(String yaml) {
        List<IstioAuthorization> out = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            Map<?, ?> object = (Map<?, ?>) document;
            Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
            Map<?, ?> spec = object.get("spec") instanceof Map<?, ?> s ? s : Map.of();
            out.add(IstioAuthorization.parse(
                    String.valueOf(metadata.get("name")), String.valueOf(metadata.get("namespace")), metadata, spec));
        }
        return out;
    }

    static LayerVerdict decide(String yaml, String namespace, Map<String, String> labels, Peer peer) {
        return IstioAuthorization.decide(policies(yaml), namespace, labels, peer, ROOT);
    }

    @Test
    void noPolicyAllowsEverything() {
        LayerVerdict verdict = IstioAuthorization.decide(List.of(), "foo", HTTPBIN, PLAIN_TEXT, ROOT);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.by()).isEmpty();
    }

    /** The reference's first example: principal cluster.local/ns/default/sa/sleep, or namespace test. */
    @Test
    void documentedAllowBySourcePrincipalOrNamespace() {
        String policy = """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: httpbin, namespace: foo}
                spec:
                  action: ALLOW
                  rules:
                  - from:
                    - source:
                        principals: ["cluster.local/ns/default/sa/sleep"]
                    - source:
                        namespaces: ["test"]
                """;
        assertThat(decide(policy, "foo", HTTPBIN, identity("cluster.local/ns/default/sa/sleep"))
                        .allowed())
                .isTrue();
        assertThat(decide(policy, "foo", HTTPBIN, identity("cluster.local/ns/test/sa/anything"))
                        .allowed())
                .isTrue();
        LayerVerdict other = decide(policy, "foo", HTTPBIN, identity("cluster.local/ns/default/sa/other"));
        assertThat(other.allowed()).isFalse();
        assertThat(other.by()).containsExactly("httpbin");
        assertThat(decide(policy, "foo", HTTPBIN, PLAIN_TEXT).allowed())
                .as("no identity, no principal or namespace")
                .isFalse();
    }

    /** "allow-nothing": an ALLOW policy without rules matches nothing, so it denies every request (builder rbacPolicyMatchNever). */
    @Test
    void allowWithoutRulesDeniesAll() {
        String policy = """
                metadata: {name: allow-nothing, namespace: foo}
                spec: {action: ALLOW}
                """;
        assertThat(decide(policy, "foo", HTTPBIN, identity("cluster.local/ns/foo/sa/x"))
                        .allowed())
                .isFalse();
    }

    /** "allow-all" (rules: [{}]) and "deny-all" (DENY, rules: [{}]) from the reference; DENY is evaluated first. */
    @Test
    void denyIsEvaluatedBeforeAllow() {
        String allowAll = """
                metadata: {name: allow-all, namespace: foo}
                spec: {action: ALLOW, rules: [{}]}
                """;
        assertThat(decide(allowAll, "foo", HTTPBIN, PLAIN_TEXT).allowed()).isTrue();
        String both = allowAll + """
                ---
                metadata: {name: deny-test, namespace: foo}
                spec:
                  action: DENY
                  rules: [{from: [{source: {namespaces: [test]}}]}]
                """;
        LayerVerdict denied = decide(both, "foo", HTTPBIN, identity("cluster.local/ns/test/sa/a"));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.by()).containsExactly("deny-test");
        assertThat(decide(both, "foo", HTTPBIN, identity("cluster.local/ns/prod/sa/a"))
                        .allowed())
                .isTrue();
    }

    /** A selector narrows a policy to matching workloads; a policy of the root namespace applies to every namespace. */
    @Test
    void selectorAndRootNamespaceDecideWhereAPolicyApplies() {
        String selected = """
                metadata: {name: only-httpbin, namespace: foo}
                spec: {selector: {matchLabels: {app: httpbin}}, action: ALLOW}
                """;
        assertThat(decide(selected, "foo", HTTPBIN, PLAIN_TEXT).allowed()).isFalse();
        assertThat(decide(selected, "foo", Map.of("app", "other"), PLAIN_TEXT).allowed())
                .as("selector does not match")
                .isTrue();
        assertThat(decide(selected, "bar", HTTPBIN, PLAIN_TEXT).allowed())
                .as("other namespace")
                .isTrue();
        String root = """
                metadata: {name: mesh-wide, namespace: istio-system}
                spec: {action: ALLOW}
                """;
        assertThat(decide(root, "bar", HTTPBIN, PLAIN_TEXT).allowed()).isFalse();
    }

    /**
     * The field matchers built once per source (a set lookup instead of one comparison per value)
     * decide exactly as the per-value matchers ORed, for every kind of pattern and value.
     */
    @Test
    void precompiledFieldMatchersAgreeWithThePerValueMatchers() {
        List<String> patterns = List.of(
                "msk.local/ns/checkout/sa/default",
                "spb.local/ns/*",
                "*/ns/shop/sa/default",
                "*",
                "**",
                "*x*",
                "",
                "c*k*",
                "shop",
                "pay*",
                "*ments");
        List<String> values = List.of(
                "msk.local/ns/checkout/sa/default",
                "spb.local/ns/a/sa/b",
                "kzn.local/ns/shop/sa/default",
                "kzn.local/ns/payments/sa/default",
                "x*",
                "",
                "c*k*",
                "msk.local/ns/pay/sa/x");
        for (int mask = 0; mask < 1 << patterns.size(); mask += 7) {
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    chosen.add(patterns.get(i));
                }
            }
            IstioAuthorization.Principals principals = new IstioAuthorization.Principals(chosen);
            IstioAuthorization.Namespaces namespaces = new IstioAuthorization.Namespaces(chosen);
            for (String value : values) {
                assertThat(principals.matchesAny(value))
                        .as("principals %s against %s", chosen, value)
                        .isEqualTo(chosen.stream().anyMatch(p -> IstioAuthorization.principal(p, value)));
                assertThat(namespaces.matchesAny(value))
                        .as("namespaces %s against %s", chosen, value)
                        .isEqualTo(chosen.stream().anyMatch(n -> IstioAuthorization.namespace(n, value)));
            }
        }
    }

    /** Principals: exact, one prefix or suffix wildcard, or "*" for any authenticated peer (matcher/string.go). */
    @Test
    void principalWildcardsArePrefixAndSuffixOnly() {
        assertThat(IstioAuthorization.principal("msk.local/ns/checkout/sa/*", "msk.local/ns/checkout/sa/default"))
                .isTrue();
        assertThat(IstioAuthorization.principal("msk.local/ns/checkout/sa/*", "spb.local/ns/checkout/sa/default"))
                .isFalse();
        assertThat(IstioAuthorization.principal("*/ns/checkout/sa/default", "spb.local/ns/checkout/sa/default"))
                .isTrue();
        assertThat(IstioAuthorization.principal("msk.local/*", "msk.local/ns/x/sa/y"))
                .isTrue();
        assertThat(IstioAuthorization.principal("msk.local/*", "msk.localhost/ns/x/sa/y"))
                .as("prefix is literal")
                .isFalse();
        assertThat(IstioAuthorization.principal("*", "anything/ns/a/sa/b")).isTrue();
        assertThat(IstioAuthorization.principal("msk.*/ns/x/sa/y", "msk.local/ns/x/sa/y"))
                .as("no wildcard in the middle")
                .isFalse();
        String any = """
                metadata: {name: any-authenticated, namespace: foo}
                spec: {rules: [{from: [{source: {principals: ["*"]}}]}]}
                """;
        assertThat(decide(any, "foo", HTTPBIN, PLAIN_TEXT).allowed())
                .as("\"*\" requires an identity")
                .isFalse();
        assertThat(decide(any, "foo", HTTPBIN, identity("a/ns/b/sa/c")).allowed())
                .isTrue();
    }

    /** source.namespaces becomes .*\/ns/<ns>/.* over the identity: it admits that namespace in every trust domain (generator.go). */
    @Test
    void namespacesMatchInEveryTrustDomain() {
        String policy = """
                metadata: {name: from-checkout, namespace: shop}
                spec: {rules: [{from: [{source: {namespaces: [checkout]}}]}]}
                """;
        assertThat(decide(policy, "shop", HTTPBIN, identity("msk.local/ns/checkout/sa/default"))
                        .allowed())
                .isTrue();
        assertThat(decide(policy, "shop", HTTPBIN, identity("other.example/ns/checkout/sa/default"))
                        .allowed())
                .isTrue();
        assertThat(decide(policy, "shop", HTTPBIN, identity("msk.local/ns/checkout-v2/sa/default"))
                        .allowed())
                .isFalse();
        assertThat(IstioAuthorization.namespace("check*", "msk.local/ns/checkout/sa/default"))
                .isTrue();
    }

    /** Fields of one source are ANDed; not-fields exclude. */
    @Test
    void sourceFieldsAreAndedAndNegationsExclude() {
        String policy = """
                metadata: {name: narrow, namespace: shop}
                spec:
                  rules:
                  - from:
                    - source:
                        namespaces: [checkout]
                        notPrincipals: ["spb.local/*"]
                        ipBlocks: ["10.0.0.0/8"]
                """;
        assertThat(decide(policy, "shop", HTTPBIN, identity("msk.local/ns/checkout/sa/a"))
                        .allowed())
                .isTrue();
        assertThat(decide(policy, "shop", HTTPBIN, identity("spb.local/ns/checkout/sa/a"))
                        .allowed())
                .isFalse();
        assertThat(decide(
                                policy,
                                "shop",
                                HTTPBIN,
                                new Peer(Optional.of("msk.local/ns/checkout/sa/a"), Optional.of("192.168.0.0/16")))
                        .allowed())
                .isFalse();
    }

    /**
     * One decider decides many callers of a workload and remembers verdicts by principal only where
     * the address cannot matter: with {@code ipBlocks}, two callers of one identity from different
     * networks still get different verdicts; without, every verdict is the one a decider of its own
     * gives.
     */
    @Test
    void aDeciderRemembersVerdictsByIdentityOnlyWhereNoAddressCounts() {
        List<IstioAuthorization> byAddress = policies("""
                metadata: {name: narrow, namespace: shop}
                spec:
                  rules:
                  - from:
                    - source:
                        principals: ["msk.local/ns/checkout/sa/a"]
                        ipBlocks: ["10.0.0.0/8"]
                """);
        IstioAuthorization.Decider decider = new IstioAuthorization.Decider(byAddress);
        assertThat(decider.byPrincipal()).isFalse();
        Optional<String> principal = Optional.of("msk.local/ns/checkout/sa/a");
        assertThat(decider.decide(new Peer(principal, Optional.of("10.1.0.0/16")))
                        .allowed())
                .isTrue();
        assertThat(decider.decide(new Peer(principal, Optional.of("192.168.0.0/16")))
                        .allowed())
                .isFalse();
        assertThat(decider.decide(new Peer(principal, Optional.of("10.2.0.0/16")))
                        .allowed())
                .isTrue();

        List<IstioAuthorization> byIdentity = policies("""
                metadata: {name: callers, namespace: shop}
                spec:
                  rules:
                  - from:
                    - source:
                        principals: ["msk.local/ns/checkout/sa/*"]
                    - source:
                        namespaces: [ops]
                ---
                metadata: {name: no-plain-text, namespace: shop}
                spec:
                  action: DENY
                  rules:
                  - from:
                    - source:
                        notPrincipals: ["*"]
                """);
        IstioAuthorization.Decider shared = new IstioAuthorization.Decider(byIdentity);
        assertThat(shared.byPrincipal()).isTrue();
        List<Peer> peers = List.of(
                identity("msk.local/ns/checkout/sa/default"),
                identity("spb.local/ns/checkout/sa/default"),
                new Peer(Optional.of("msk.local/ns/checkout/sa/default"), Optional.of("192.168.0.0/16")),
                identity("spb.local/ns/ops/sa/default"),
                PLAIN_TEXT,
                identity("msk.local/ns/shop/sa/default"),
                identity("spb.local/ns/checkout/sa/default"));
        for (Peer peer : peers) {
            assertThat(shared.decide(peer))
                    .as("%s", peer)
                    .isEqualTo(new IstioAuthorization.Decider(byIdentity).decide(peer));
        }
    }

    /** A dry-run policy is a shadow rule only; a rule with `to` admits only some requests, so it does not admit a caller, but it denies one. */
    @Test
    void dryRunAndPartialRules() {
        String dryRun = """
                metadata: {name: dry, namespace: foo, annotations: {istio.io/dry-run: "true"}}
                spec: {action: ALLOW}
                """;
        assertThat(decide(dryRun, "foo", HTTPBIN, PLAIN_TEXT).allowed()).isTrue();
        String partialAllow = """
                metadata: {name: get-only, namespace: foo}
                spec: {rules: [{to: [{operation: {methods: [GET]}}]}]}
                """;
        assertThat(decide(partialAllow, "foo", HTTPBIN, PLAIN_TEXT).allowed()).isFalse();
        String partialDeny = """
                metadata: {name: no-post, namespace: foo}
                spec: {action: DENY, rules: [{to: [{operation: {methods: [POST]}}]}]}
                """;
        assertThat(decide(partialDeny, "foo", HTTPBIN, PLAIN_TEXT).allowed()).isFalse();
    }

    /**
     * connection.sni at an AUTO_PASSTHROUGH gateway, hand-worked: the SNI is outbound_.<port>_._.<host> (istio
     * pilot/pkg/model/service.go BuildDNSSrvSubsetKey); connection.sni becomes Envoy's requested_server_name,
     * which a TCP chain has (istio pilot/pkg/security/authz/model/model.go attrConnSNI, generator.go
     * connSNIGenerator); a value with a leading * is a suffix match (model/matcher/string.go). The matrix asks per
     * Service: ALLOW when one port may pass, DENY when every port is denied.
     */
    @Test
    void serverNameConditionsAtThePassthroughGateway() {
        Map<String, String> gateway = Map.of("app", "ingressgateway");
        String boundary = """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: boundary, namespace: d8-istio}
                spec:
                  selector: {matchLabels: {app: ingressgateway}}
                  action: DENY
                  rules:
                    - when:
                        - key: connection.sni
                          notValues: ["outbound_.8080_._.catalog.shop.svc.msk.local", "*_._.orders.shop.svc.msk.local"]
                """;
        assertThat(decide(boundary, "d8-istio", gateway, Peer.atPassthroughGateway("catalog.shop.svc.msk.local"))
                        .allowed())
                .as("port 8080 of catalog is listed")
                .isTrue();
        assertThat(decide(boundary, "d8-istio", gateway, Peer.atPassthroughGateway("orders.shop.svc.msk.local"))
                        .allowed())
                .as("any port of orders: the suffix covers outbound_.<p>_._.orders...")
                .isTrue();
        LayerVerdict payments =
                decide(boundary, "d8-istio", gateway, Peer.atPassthroughGateway("payments.shop.svc.msk.local"));
        assertThat(payments.allowed()).isFalse();
        assertThat(payments.by()).containsExactly("boundary");
        assertThat(decide(boundary, "d8-istio", gateway, Peer.atPassthroughGateway("xcatalog.shop.svc.msk.local"))
                        .allowed())
                .as("a longer host does not end with _._.catalog...")
                .isFalse();
        assertThat(decide(boundary, "shop", Map.of("app", "catalog"), identity("spb.local/ns/shop/sa/default"))
                        .allowed())
                .as("the selector picks the gateway's pods only")
                .isTrue();

        String allow = """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: allow, namespace: d8-istio}
                spec:
                  selector: {matchLabels: {app: ingressgateway}}
                  rules:
                    - when:
                        - key: connection.sni
                          values: ["outbound_.9090_._.catalog.shop.svc.msk.local"]
                """;
        assertThat(decide(allow, "d8-istio", gateway, Peer.atPassthroughGateway("catalog.shop.svc.msk.local"))
                        .allowed())
                .isTrue();
        assertThat(decide(allow, "d8-istio", gateway, Peer.atPassthroughGateway("payments.shop.svc.msk.local"))
                        .reason())
                .isEqualTo("no rule of the ALLOW policies matches");
        assertThat(decide(boundary, "d8-istio", gateway, identity("spb.local/ns/shop/sa/default"))
                        .allowed())
                .as("without a server name (a workload's view) a when rule still counts as denying")
                .isFalse();
    }

    /** Istio's string match against every SNI of a host, outbound_.<p>_._.<host>, p a port number. */
    @Test
    void serverNamePatternsCoverPorts() {
        String host = "catalog.shop.svc.msk.local";
        assertThat(IstioAuthorization.coversSomePort("outbound_.8080_._." + host, host))
                .isTrue();
        assertThat(IstioAuthorization.coversEveryPort("outbound_.8080_._." + host, host))
                .isFalse();
        assertThat(IstioAuthorization.coversSomePort("outbound_.80a_._." + host, host))
                .isFalse();
        assertThat(IstioAuthorization.coversSomePort("*0_._." + host, host)).isTrue();
        assertThat(IstioAuthorization.coversEveryPort("*0_._." + host, host)).isFalse();
        assertThat(IstioAuthorization.coversSomePort("*_.v1_." + host, host))
                .as("a subset's chain, not the plain one")
                .isFalse();
        assertThat(IstioAuthorization.coversSomePort("*bound_.443_._." + host, host))
                .isTrue();
        assertThat(IstioAuthorization.coversSomePort("outbound_.44*", host)).isTrue();
        assertThat(IstioAuthorization.coversSomePort("outbound_.443_._.cat*", host))
                .isTrue();
        assertThat(IstioAuthorization.coversSomePort("outbound_.443_._.dog*", host))
                .isFalse();
        assertThat(IstioAuthorization.coversEveryPort("outbound_*", host)).isTrue();
        assertThat(IstioAuthorization.coversEveryPort("*", host)).isTrue();
    }

    /**
     * The values of one condition look hosts up by name where a value is {@code *_._.<host>}; the
     * answer must be the one of trying every value as written, for hosts inside and outside the set,
     * hosts with {@code _} and values of every other form.
     */
    @Test
    void serverNameValuesLookedUpByHostAnswerAsTryingEachValue() {
        List<String> patterns = List.of(
                "*_._.catalog.shop.svc.msk.local",
                "*_._.payments.shop.svc.msk.local",
                "*_._.b_._.c.local",
                "*_._.c.local",
                "outbound_.443_._.tracking.shipping.svc.msk.local",
                "*0_._.orders.shop.svc.msk.local",
                "outbound_.44*",
                "*.msk.local",
                "*");
        List<String> hosts = List.of(
                "catalog.shop.svc.msk.local",
                "payments.shop.svc.msk.local",
                "tracking.shipping.svc.msk.local",
                "orders.shop.svc.msk.local",
                "other.shop.svc.spb.local",
                "a_._.b_._.c.local",
                "x_._.c.local",
                "c.local");
        for (int mask = 1; mask < 1 << patterns.size(); mask++) {
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < patterns.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    values.add(patterns.get(i));
                }
            }
            IstioAuthorization.SniValues looked = new IstioAuthorization.SniValues(values);
            for (String host : hosts) {
                assertThat(looked.someCover(host, false))
                        .as("%s, some port of %s", values, host)
                        .isEqualTo(values.stream().anyMatch(v -> IstioAuthorization.coversSomePort(v, host)));
                assertThat(looked.someCover(host, true))
                        .as("%s, every port of %s", values, host)
                        .isEqualTo(values.stream().anyMatch(v -> IstioAuthorization.coversEveryPort(v, host)));
            }
        }
    }
}
