package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.testing.InMemory;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What a federation's traffic and access objects do in the clusters that read them.
 *
 * <ul>
 *   <li>DKP renders, for every remote export, a ServiceEntry (endpoints: the exporter's ingress
 *       gateways) and a DestinationRule with {@code tls.mode: ISTIO_MUTUAL} in d8-istio (deckhouse
 *       {@code ee/modules/110-istio/templates/federation/remote-services.yaml}). Istio takes the
 *       DestinationRule of the caller's namespace first, then the service's, then the root
 *       namespace's, and never merges them (istio {@code pilot/pkg/model/push_context.go},
 *       {@code destinationRule}).</li>
 *   <li>{@code source.namespaces} compiles to a principal match on any trust domain, and
 *       {@code principals} match exactly or by one prefix/suffix wildcard (istio
 *       {@code pilot/pkg/security/authz/builder/}, {@code pilot/pkg/security/authz/matcher/string.go}).</li>
 * </ul>
 */
class IstioFederationTest {

    @TempDir
    Path work;

    private static String federation(String mesh) {
        return Topologies.FEDERATION + mesh;
    }

    /**
     * Every member gets a DENY policy on DKP's federation gateway (d8-istio, pods {@code app: ingressgateway}:
     * deckhouse ee/modules/110-istio/templates/alliance/ingressgateway/daemonset.yaml; Gateway port 15443
     * AUTO_PASSTHROUGH, hosts *.<clusterDomain>: gateway.yaml) for every SNI no export of that member names. The
     * SNIs are istio's outbound_.<port>_._.<host> (pilot/pkg/model/service.go BuildDNSSrvSubsetKey), one
     * passthrough filter chain each (pilot/pkg/networking/core/gateway.go builtAutoPassthroughFilterChains), each
     * with the RBAC network filter (buildGatewayListeners: authzBuilder.BuildTCP).
     */
    @Test
    void everyMemberGetsAGatewayBoundaryOfItsExports() {
        InMemory.Result result = InMemory.render(
                Topologies.FEDERATION.replace(
                        "        - {cluster: msk, namespace: shop, service: catalog}\n",
                        "        - {cluster: msk, namespace: shop, service: catalog}\n"
                                + "        - {cluster: msk, namespace: shop, service: orders, ports: [{name: http, port: 8080},"
                                + " {name: dns, port: 53, protocol: UDP}]}\n"),
                work);
        assertThat(result.errors()).isEmpty();
        JsonNode msk = result.yaml("clusters/msk/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        assertThat(msk.at("/metadata/namespace").asString()).isEqualTo("d8-istio");
        assertThat(msk.at("/spec/selector/matchLabels").toString()).isEqualTo("{\"app\":\"ingressgateway\"}");
        assertThat(msk.at("/spec/action").asString()).isEqualTo("DENY");
        assertThat(msk.at("/spec/rules/0/when/0/key").asString()).isEqualTo("connection.sni");
        assertThat(msk.at("/spec/rules/0/when/0/notValues").toString())
                .as("any port of catalog; orders only on its TCP port (the gateway builds no chain for UDP)")
                .isEqualTo("[\"*_._.catalog.shop.svc.msk.local\",\"outbound_.8080_._.orders.shop.svc.msk.local\"]");
        JsonNode spb = result.yaml("clusters/spb/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        assertThat(spb.at("/spec/rules/0").toString())
                .as("spb exports nothing: an empty rule matches every connection")
                .isEqualTo("{}");
        assertThat(result.files().get("ACCESS.md"))
                .contains("| `msk/shop/*` | 3 of 9 | no policy selects it; from ams, spb: denied at msk's federation"
                        + " gateway by authorizationpolicy-d8-istio.federation-boundary")
                // the peers' pods without a sidecar do not pass the gateway at all (AUTO_PASSTHROUGH routes mTLS by
                // SNI)
                .contains(
                        "| `msk/shop/orders` | 7 of 9 (4 admitted once the Service is labelled) | no policy selects it;"
                                + " from ams, spb without a sidecar: its plain text cannot pass the ingress gateway");
    }

    /**
     * A member whose gateway carries multicluster traffic too gets no boundary: its multicluster peers send the
     * same SNIs of the shared cluster domain through it. It is said at the member (DKPM313), and the matrix
     * counts the federation peers as reaching every Service.
     */
    @Test
    void aGatewayThatCarriesMulticlusterTrafficGetsNoBoundary() {
        String topology = Topologies.FEDERATION
                        .replace("      clusterDomain: spb.local\n", "      clusterDomain: msk.local\n")
                        .replace("      clusters: [msk, spb, ams]\n", "      clusters: [msk, ams]\n")
                + """
                    - name: pair
                      type: multicluster
                      provider: istio
                      clusters: [msk, spb]
                """;
        InMemory.Result result = InMemory.render(topology, work);
        assertThat(result.errors()).isEmpty();
        assertThat(result.files())
                .doesNotContainKey("clusters/msk/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        assertThat(result.files())
                .containsKey("clusters/ams/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        assertThat(result.findings())
                .filteredOn(f -> f.code().equals(FindingCode.FEDERATION_GATEWAY_UNBOUNDED.code()))
                .extracting(Finding::pointer)
                .containsExactly("/spec/meshes/0/clusters/0");
    }

    /**
     * mTLS: DKP's istio module renders no PeerAuthentication (deckhouse modules/110-istio/templates/control-plane/iop/
     * iop.yaml), so sidecars are PERMISSIVE and nothing is rendered; STRICT renders a namespace-wide
     * PeerAuthentication (no selector: istio/api security/v1beta1/peer_authentication.proto) in each namespace the
     * mesh protects. ACCESS.md states the mode and what it leaves out in its header.
     */
    @Test
    void mtlsModeRendersPeerAuthenticationAndIsStatedInAccessMd() {
        String access = """
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{namespace: checkout}]
                """;
        InMemory.Result permissive = InMemory.render(federation(access), work);
        assertThat(permissive.errors()).isEmpty();
        assertThat(permissive.files().keySet()).noneMatch(f -> f.contains("peerauthentication"));
        assertThat(permissive.files().get("ACCESS.md"))
                .contains("- `retail-federation` (istio federation): mTLS PERMISSIVE, as DKP ships it")
                .contains("the callers `(no sidecar)` present no principal")
                .contains(
                        "Callers without a sidecar (`cluster/* (no sidecar)`, plain text, no principal): from its own"
                                + " cluster denied by `authorizationpolicy-shop.catalog` (no rule of the ALLOW policies matches)");

        InMemory.Result strict = InMemory.render(
                federation(access).replace("      provider: istio\n", "      provider: istio\n      mtls: STRICT\n"),
                work);
        assertThat(strict.errors()).isEmpty();
        for (String member : List.of("msk", "spb", "ams")) {
            JsonNode peer = strict.yaml("clusters/" + member + "/mesh/peerauthentication-shop.yaml");
            assertThat(peer.at("/kind").asString()).isEqualTo("PeerAuthentication");
            assertThat(peer.at("/metadata/namespace").asString()).isEqualTo("shop");
            assertThat(peer.at("/spec/mtls/mode").asString()).isEqualTo("STRICT");
            assertThat(peer.at("/spec").has("selector")).as("namespace-wide").isFalse();
        }
        assertThat(strict.files().get("ACCESS.md"))
                .contains("mTLS STRICT: a PeerAuthentication `dkp-mesh`")
                // the evaluator reads the rendered PeerAuthentication: plain text is refused before any rule
                // (istio pilot/pkg/security/authn/policy_applier.go: the namespace policy's mode applies)
                .contains("Callers without a sidecar (`cluster/* (no sidecar)`, plain text, no principal): from its own"
                        + " cluster denied by `peerauthentication-shop` (mTLS STRICT (PeerAuthentication for the"
                        + " namespace): plain text (no principal) is refused)");
    }

    @Test
    void aRemoteCallersRuleKeepsDkpsMutualTls() {
        InMemory.Result result = InMemory.render(federation("""
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 100, consecutive5xxErrors: 5}
                """), work);
        assertThat(result.errors()).isEmpty();

        for (String caller : List.of("spb", "ams")) {
            JsonNode rule = result.yaml("clusters/" + caller + "/mesh/destinationrule-shop.catalog.yaml");
            assertThat(rule.at("/spec/host").asString())
                    .as("DKP's ServiceEntry host")
                    .isEqualTo("catalog.shop.svc.msk.local");
            assertThat(rule.at("/spec/trafficPolicy/tls/mode").asString())
                    .as(
                            "this rule replaces DKP's for callers in %s/shop: without tls the gateway gets plain text",
                            caller)
                    .isEqualTo("ISTIO_MUTUAL");
            assertThat(rule.at("/spec/trafficPolicy/connectionPool/tcp/maxConnections")
                            .asInt())
                    .isEqualTo(100);
        }
        // in the exporter the host is the local Service: auto mTLS applies to its sidecar endpoints
        assertThat(result.yaml("clusters/msk/mesh/destinationrule-shop.catalog.yaml")
                        .at("/spec/trafficPolicy")
                        .has("tls"))
                .isFalse();
    }

    /**
     * Istio takes the caller namespace's DestinationRule first, then the service namespace's (for
     * DKP's federation ServiceEntry: d8-istio, deckhouse ee/modules/110-istio/templates/federation/
     * remote-services.yaml), then the root namespace's (istio pilot/pkg/model/push_context.go,
     * PushContext.destinationRule): the rule goes where the admitted remote callers run.
     */
    @Test
    void aRemoteCallersRuleGoesToTheAdmittedCallersNamespaces() {
        InMemory.Result result = InMemory.render(federation("""
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{namespace: checkout}, {cluster: spb, namespace: billing}]
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 100}
                """), work);
        assertThat(result.findings()).isEmpty();
        assertThat(result.files().keySet().stream().filter(p -> p.contains("/destinationrule-")))
                .containsExactly(
                        "clusters/ams/mesh/destinationrule-checkout.catalog.shop.yaml",
                        "clusters/msk/mesh/destinationrule-shop.catalog.yaml",
                        "clusters/spb/mesh/destinationrule-billing.catalog.shop.yaml",
                        "clusters/spb/mesh/destinationrule-checkout.catalog.shop.yaml");
        JsonNode rule = result.yaml("clusters/spb/mesh/destinationrule-billing.catalog.shop.yaml");
        assertThat(rule.at("/metadata/namespace").asString()).isEqualTo("billing");
        assertThat(rule.at("/metadata/name").asString()).isEqualTo("catalog.shop");
        assertThat(rule.at("/spec/host").asString()).isEqualTo("catalog.shop.svc.msk.local");
        assertThat(rule.at("/spec/trafficPolicy/tls/mode").asString()).isEqualTo("ISTIO_MUTUAL");
        assertThat(rule.at("/spec/trafficPolicy/connectionPool/tcp/maxConnections")
                        .asInt())
                .isEqualTo(100);
    }

    @Test
    void aRemoteCallersRuleWithoutNamedCallersIsAWarningAtTheRule() {
        InMemory.Result result = InMemory.render(federation("""
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{namespace: checkout}, {cluster: spb}]
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 100}
                """), work);
        assertThat(result.errors()).isEmpty();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM516");
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0");
            assertThat(f.message()).startsWith("in [spb] this rule reaches only callers in namespace 'shop'");
        });
        // spb admits every namespace: the rule stays in the service's namespace there; ams names checkout
        assertThat(result.files())
                .containsKey("clusters/spb/mesh/destinationrule-shop.catalog.yaml")
                .containsKey("clusters/ams/mesh/destinationrule-checkout.catalog.shop.yaml");
    }

    @Test
    void localityRoutingOnAFederationHostIsRefused() {
        for (String field : List.of(
                "failover: [{from: ru-central, to: eu-west}]",
                "distribute: [{from: ru-central, to: {ru-central: 50, eu-west: 50}}]")) {
            InMemory.Result result = InMemory.render(federation("""
                          traffic:
                            - service: catalog
                              namespace: shop
                              %s
                    """.formatted(field)), work);
            String name = field.substring(0, field.indexOf(':'));
            assertThat(result.errors())
                    .extracting(Finding::code, Finding::pointer)
                    .containsExactly(tuple(FindingCode.TRAFFIC.code(), "/spec/meshes/0/traffic/0/" + name));
            assertThat(result.errors().get(0).message()).contains("ingress gateways", "carry no locality");
        }
    }

    @Test
    void aNamespaceCallerIsAdmittedOnlyFromTheMembersTrustDomains() {
        InMemory.Result result = InMemory.render(federation("""
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{namespace: checkout}]
                """), work);
        assertThat(result.errors()).isEmpty();
        JsonNode policy = result.yaml("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml");

        assertThat(admits(policy, "spb.local/ns/checkout/sa/default")).isTrue();
        assertThat(admits(policy, "ams.local/ns/checkout/sa/web")).isTrue();
        assertThat(admits(policy, "msk.local/ns/checkout/sa/web")).isTrue();
        assertThat(admits(policy, "spb.local/ns/web/sa/default")).isFalse();
        // msk may federate with clusters outside this federation too: their checkout is not a member's
        assertThat(admits(policy, "partner.local/ns/checkout/sa/default"))
                .as("a peer of another federation")
                .isFalse();
        assertThat(policy.at("/spec/rules/0/from/0/source").has("namespaces")).isFalse();
    }

    @Test
    void aServiceRuleSelectsThePodsByTheirLabels() {
        InMemory.Result byDefault = InMemory.render(federation("""
                      access:
                        - {namespace: shop, service: catalog, from: [{cluster: spb}]}
                """), work);
        assertThat(byDefault
                        .yaml("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml")
                        .at("/spec/selector/matchLabels")
                        .toString())
                .isEqualTo("{\"app\":\"catalog\"}");

        InMemory.Result labelled = InMemory.render(federation("""
                      access:
                        - namespace: shop
                          service: catalog
                          workloadLabels: {app.kubernetes.io/name: catalog-api, tier: backend}
                          from: [{cluster: spb}]
                """), work);
        assertThat(labelled.errors()).isEmpty();
        assertThat(labelled.yaml("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml")
                        .at("/spec/selector/matchLabels")
                        .toString())
                .as("the pods' own labels, not app: catalog, which they do not carry")
                .isEqualTo("{\"app.kubernetes.io/name\":\"catalog-api\",\"tier\":\"backend\"}");
    }

    @Test
    void workloadLabelsNeedAService() {
        InMemory.Result result = InMemory.render(federation("""
                      access:
                        - namespace: shop
                          workloadLabels: {tier: backend}
                          from: [{cluster: spb}]
                """), work);
        assertThat(result.errors()).extracting(Finding::code).containsExactly(FindingCode.SCHEMA_OTHER.code());
    }

    /**
     * Whether an ALLOW policy's rules admit a peer identity (trust-domain/ns/namespace/sa/account),
     * as Envoy's RBAC filter does with what istio's authz builder generates: {@code principals}
     * match exactly or with one leading or trailing {@code *}; {@code namespaces} match the
     * namespace segment in any trust domain.
     */
    static boolean admits(JsonNode policy, String principal) {
        String namespace = principal.split("/")[2];
        for (JsonNode rule : policy.at("/spec/rules")) {
            for (JsonNode from : rule.path("from")) {
                JsonNode source = from.path("source");
                List<Boolean> conditions = new ArrayList<>();
                if (source.has("principals")) {
                    boolean any = false;
                    for (JsonNode p : source.path("principals")) {
                        any |= matches(p.asString(), principal);
                    }
                    conditions.add(any);
                }
                if (source.has("namespaces")) {
                    boolean any = false;
                    for (JsonNode n : source.path("namespaces")) {
                        any |= matches(n.asString(), namespace);
                    }
                    conditions.add(any);
                }
                if (!conditions.isEmpty() && !conditions.contains(false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        } else if (pattern.startsWith("*")) {
            return value.endsWith(pattern.substring(1));
        } else if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(value);
    }
}
