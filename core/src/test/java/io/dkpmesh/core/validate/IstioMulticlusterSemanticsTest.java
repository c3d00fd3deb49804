package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.render.RenderedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Istio multicluster and traffic semantics checked against what the consumers do with our output
 * (docs/istio-multicluster.md and docs/istio-single.md cite the upstream file behind each test):
 * residency in a mesh that shares every namespace, by-cluster access on a masquerading flat network,
 * the NodePort inlet of a gateway DKP does not create, outlier ejection limits, stranded regions of
 * distribute, locality names, and canary weights on TCP ports.
 */
class IstioMulticlusterSemanticsTest {

    @TempDir
    Path work;

    /** msk and spb in ru-central (jurisdiction ru), ams in eu-west (jurisdiction eu); one trust domain. */
    private static final String CLUSTERS = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: semantics
            spec:
              clusters:
                - name: msk
                  edition: EE
                  region: ru-central
                  labels: {jurisdiction: ru}
                  clusterDomain: retail.local
                  publicDomain: k8s-msk.example.com
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.221.0.0/16
                - name: spb
                  edition: EE
                  region: ru-central
                  labels: {jurisdiction: ru}
                  clusterDomain: retail.local
                  publicDomain: k8s-spb.example.com
                  podSubnetCIDR: 10.112.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                - name: ams
                  edition: EE
                  region: eu-west
                  labels: {jurisdiction: eu}
                  clusterDomain: retail.local
                  publicDomain: k8s-ams.example.com
                  podSubnetCIDR: 10.113.0.0/16
                  serviceSubnetCIDR: 10.223.0.0/16
              meshes:
                - name: mc
                  type: multicluster
                  provider: istio
                  clusters: [msk, spb, ams]
            """;

    private static final String PII_ON_RU = """
              policies:
                residency:
                  - {namespace: pii, allowedLabels: {jurisdiction: ru}}
            """;

    /** A flat network that keeps source IPs, with pii admitting the allowed clusters only. */
    private static final String ENFORCED = """
                  flatNetwork: true
                  sourceIPPreserved: true
                  access:
                    - namespace: pii
                      from: [{cluster: msk}, {cluster: spb}]
            """;

    // 1. residency: DKP shares every namespace between multicluster members
    // (deckhouse ee/modules/110-istio/templates/multicluster/api-proxy/rbac-for-us.yaml)

    @Test
    void residencyBoundNamespaceIsRefusedInAMulticlusterWithAnOutsideMemberEvenWhenNothingNamesIt() throws Exception {
        List<Finding> errors = refused(CLUSTERS + PII_ON_RU);
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.RESIDENCY.code());
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/clusters/2");
            assertThat(f.message()).contains("'pii'", "[ams]", "shares every namespace", "one trust domain");
        });
    }

    @Test
    void residencyBoundNamespaceIsRefusedWhenItsOnlyRuleAdmitsCallersByNamespace() throws Exception {
        // an identity's namespace exists in every member: the rule holds no cluster out
        List<Finding> errors = refused(CLUSTERS + """
                      access:
                        - namespace: pii
                          from: [{namespace: pii}]
                """ + PII_ON_RU);
        assertThat(errors).extracting(Finding::code).contains(FindingCode.RESIDENCY.code());
        assertThat(errors).extracting(Finding::pointer).contains("/spec/meshes/0/clusters/2");
    }

    @Test
    void residencyIsRefusedOnAFlatNetworkThatMasqueradesEvenWithAByClusterRule() throws Exception {
        List<Finding> errors = refused(CLUSTERS + ENFORCED.replace("      sourceIPPreserved: true\n", "") + PII_ON_RU);
        assertThat(errors)
                .extracting(Finding::code)
                .contains(FindingCode.RESIDENCY.code(), FindingCode.ACCESS_UNENFORCEABLE.code());
    }

    @Test
    void residencyHeldByANamespaceRuleOfAllowedClustersOnAFlatNetworkThatKeepsSourceIPs() throws Exception {
        Rendered rendered = render(CLUSTERS + ENFORCED + PII_ON_RU);
        // the policy that keeps ams out is in every member, ams included, and names only the allowed pod subnets
        Map<String, Object> policy = yaml(file(rendered, "clusters/ams/mesh/authorizationpolicy-pii.yaml"));
        assertThat(at(policy, "spec", "action")).isEqualTo("ALLOW");
        assertThat(policy.toString()).contains("10.111.0.0/16", "10.112.0.0/16").doesNotContain("10.113.0.0/16");
    }

    @Test
    void multiclusterOfAllowedClustersOnlyKeepsResidency() throws Exception {
        Rendered rendered = render(CLUSTERS.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]") + PII_ON_RU);
        assertThat(rendered.files()).isNotEmpty();
    }

    @Test
    void failoverOfAResidencyBoundServiceToARegionOfOtherClustersIsRefused() throws Exception {
        List<Finding> errors = refused(CLUSTERS + ENFORCED + """
                      traffic:
                        - service: profiles
                          namespace: pii
                          failover: [{from: ru-central, to: eu-west}]
                """ + PII_ON_RU);
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.RESIDENCY.code());
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0/failover/0/to");
        });
    }

    @Test
    void distributeOfAResidencyBoundServiceIntoARegionOfOtherClustersIsRefused() throws Exception {
        List<Finding> errors = refused(CLUSTERS + ENFORCED + """
                      traffic:
                        - service: profiles
                          namespace: pii
                          distribute: [{from: ru-central, to: {ru-central: 90, eu-west: 10}}]
                """ + PII_ON_RU);
        assertThat(errors)
                .extracting(Finding::pointer)
                .containsExactly("/spec/meshes/0/traffic/0/distribute/0/to/eu-west");
    }

    // 2. by-cluster access on a flat network: cni-cilium masquerades traffic leaving the pod subnet
    // (deckhouse modules/021-cni-cilium/templates/configmap.yaml)

    @Test
    void flatNetworkByClusterAccessIsRefusedUnlessSourceIPsArePreserved() throws Exception {
        List<Finding> errors = refused(CLUSTERS + """
                      flatNetwork: true
                      access:
                        - namespace: shop
                          from: [{cluster: spb}]
                """);
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.ACCESS_UNENFORCEABLE.code());
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/access/0/from/0/cluster");
            assertThat(f.message()).contains("masquerades", "node IPs", "sourceIPPreserved");
        });
    }

    /**
     * A rule by cluster on a flat network is an {@code ipBlocks}-only source (the pod subnets): it matches the
     * packet's address, not a principal (istio {@code pilot/pkg/security/authz/model/generator.go}
     * {@code srcIPGenerator}), so under DKP's PERMISSIVE mTLS the listed cluster's pods without a sidecar are
     * admitted too, pod to pod; STRICT (a PeerAuthentication, istio
     * {@code pilot/pkg/security/authn/policy_applier.go}) refuses their plain text before the rule.
     */
    @Test
    void aFlatByClusterRuleAdmitsPodsWithoutASidecarUnlessMtlsIsStrict() throws Exception {
        String mesh = CLUSTERS + ENFORCED;
        AccessMatrix permissive = render(mesh).access();
        AccessMatrix.Target pii = new AccessMatrix.Target("msk", "pii", "*");
        assertThat(plain(permissive, pii, "spb").verdict()).isEqualTo(AccessMatrix.Verdict.ADMITTED);
        assertThat(plain(permissive, pii, "ams").verdict())
                .as("ams is not listed: its pod subnet is not in the rule")
                .isEqualTo(AccessMatrix.Verdict.DENIED);

        AccessMatrix strict = render(
                        mesh.replace("      provider: istio\n", "      provider: istio\n      mtls: STRICT\n"))
                .access();
        AccessMatrix.Decision refused = plain(strict, pii, "spb");
        assertThat(refused.verdict()).isEqualTo(AccessMatrix.Verdict.DENIED);
        assertThat(refused.by()).containsExactly("peerauthentication-pii");
    }

    private static AccessMatrix.Decision plain(AccessMatrix matrix, AccessMatrix.Target target, String from) {
        return matrix.targets().stream()
                .filter(t -> t.target().equals(target))
                .findFirst()
                .orElseThrow()
                .decisions()
                .stream()
                .filter(d -> d.caller().equals(AccessMatrix.Caller.withoutSidecar(from)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void sourceIPPreservedOutsideAFlatMulticlusterIsIgnoredWithAWarning() throws Exception {
        Rendered rendered = render(CLUSTERS + "      sourceIPPreserved: true\n");
        assertThat(rendered.warnings()).extracting(Finding::pointer).contains("/spec/meshes/0/sourceIPPreserved");
    }

    // 3. flat network with a NodePort inlet: no gateway Service, no metadata
    // (deckhouse ee/modules/110-istio/templates/alliance/ingressgateway/service.yaml,
    // hooks/ee/multicluster_discovery.go)

    @Test
    void flatNetworkWithANodePortInletIsRefusedWhereDkpCreatesNoGateway() throws Exception {
        List<Finding> errors = refused(CLUSTERS + """
                      flatNetwork: true
                      ingressGateway: {inlet: NodePort, nodePort: 30443}
                """);
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INGRESS_GATEWAY.code());
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/ingressGateway/inlet");
            assertThat(f.message()).contains("[msk, spb, ams]", "no gateway Service", "ingressGateways must be set");
        });
    }

    @Test
    void flatNetworkWithTheDefaultInletRendersPeersThatSkipTheGateway() throws Exception {
        Rendered rendered = render(CLUSTERS + "      flatNetwork: true\n");
        assertThat(at(
                        yaml(file(rendered, "clusters/msk/mesh/istiomulticluster-ams.yaml")),
                        "spec",
                        "enableIngressGateway"))
                .isEqualTo(false);
        assertThat(file(rendered, "clusters/msk/modules/moduleconfig-istio.yaml"))
                .contains("\"inlet\": \"LoadBalancer\"");
    }

    @Test
    void nodePortInletStaysValidWhereThePeersUseTheGateway() throws Exception {
        Rendered rendered = render(CLUSTERS + "      ingressGateway: {inlet: NodePort, nodePort: 30443}\n");
        assertThat(file(rendered, "clusters/msk/modules/moduleconfig-istio.yaml"))
                .contains("\"inlet\": \"NodePort\"", "\"port\": 30443");
    }

    // 4. failover must be able to eject a whole region (istio/api networking/v1alpha3/destination_rule.proto)

    @Test
    void failoverDefaultsLetAWholeRegionBeEjected() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          failover: [{from: ru-central, to: eu-west}]
                        - service: orders
                          namespace: shop
                          circuitBreaker: {consecutive5xxErrors: 3}
                          failover: [{from: ru-central, to: eu-west}]
                        - service: stock
                          namespace: shop
                          circuitBreaker: {consecutive5xxErrors: 3}
                """);
        assertThat(at(
                        yaml(file(rendered, "clusters/msk/mesh/destinationrule-shop.catalog.yaml")),
                        "spec",
                        "trafficPolicy",
                        "outlierDetection",
                        "maxEjectionPercent"))
                .isEqualTo(100);
        Map<String, Object> orders = yaml(file(rendered, "clusters/msk/mesh/destinationrule-shop.orders.yaml"));
        assertThat(at(orders, "spec", "trafficPolicy", "outlierDetection", "consecutive5xxErrors"))
                .isEqualTo(3);
        assertThat(at(orders, "spec", "trafficPolicy", "outlierDetection", "maxEjectionPercent"))
                .isEqualTo(100);
        // without failover the user's outlier settings are left as written
        assertThat(at(
                        yaml(file(rendered, "clusters/msk/mesh/destinationrule-shop.stock.yaml")),
                        "spec",
                        "trafficPolicy",
                        "outlierDetection",
                        "maxEjectionPercent"))
                .isNull();
    }

    @Test
    void failoverWithAnEjectionCapBelowAWholeRegionKeepsTheCapAndWarns() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxEjectionPercent: 50}
                          failover: [{from: ru-central, to: eu-west}]
                """);
        assertThat(at(
                        yaml(file(rendered, "clusters/msk/mesh/destinationrule-shop.catalog.yaml")),
                        "spec",
                        "trafficPolicy",
                        "outlierDetection",
                        "maxEjectionPercent"))
                .isEqualTo(50);
        assertThat(rendered.warnings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.TRAFFIC.code());
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0/circuitBreaker/maxEjectionPercent");
        });
    }

    // 5. distribute drops the regions it leaves out (istio pilot/pkg/networking/core/loadbalancer/loadbalancer.go)

    @Test
    void distributeLeavingAMemberRegionOutWarnsThatThoseCallersNeverFailOver() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          distribute: [{from: eu-west, to: {eu-west: 100}}, {from: ru-central, to: {ru-central: 80, eu-west: 20}}]
                """);
        assertThat(rendered.warnings())
                .filteredOn(f -> f.code().equals(FindingCode.TRAFFIC.code()))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0/distribute/0/to");
                    assertThat(f.message()).contains("'eu-west'", "[ru-central]", "never fail over");
                });
    }

    @Test
    void canaryUnderDistributeWarnsThatTheSubsetFollowsTheWeights() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          distribute: [{from: ru-central, to: {ru-central: 80, eu-west: 20}}]
                          canary: {stable: v1, canary: v2, weight: 10}
                """);
        assertThat(rendered.warnings()).anySatisfy(f -> {
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0/traffic/0/canary");
            assertThat(f.message()).contains("callers in 'ru-central' reach [ru-central, eu-west]", "'v2'");
        });
    }

    // 6. locality names: zone and network are documentation only

    @Test
    void zoneAndNetworkDoNotChangeAnyManifest() throws Exception {
        Rendered plain = render(CLUSTERS + "      flatNetwork: true\n");
        Rendered described = render(CLUSTERS.replace(
                        "region: ru-central\n", "region: ru-central\n      zone: ru-central-a\n      network: net-ru\n")
                + "      flatNetwork: true\n");
        assertThat(manifests(described)).isEqualTo(manifests(plain));
    }

    // 7. outlier detection turns on locality-aware routing (istio pilot/pkg/xds/endpoints/endpoint_builder.go),
    // so it is rendered only where the rule asks for it or failover needs it

    @Test
    void connectionLimitsAloneLeaveOutlierDetectionAndLocalityRoutingOff() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 10, maxPendingRequests: 5}
                """);
        Map<String, Object> rule = yaml(file(rendered, "clusters/msk/mesh/destinationrule-shop.catalog.yaml"));
        assertThat(at(rule, "spec", "trafficPolicy", "connectionPool", "tcp", "maxConnections"))
                .isEqualTo(10);
        assertThat(at(rule, "spec", "trafficPolicy", "outlierDetection")).isNull();
        assertThat(at(rule, "spec", "trafficPolicy", "loadBalancer")).isNull();
    }

    // 7. canary weights hold on TCP ports too (istio/api networking/v1alpha3/virtual_service.proto)

    @Test
    void canaryWeightsAreWrittenForHttpAndTcpRoutesAlike() throws Exception {
        Rendered rendered = render(CLUSTERS + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          canary: {stable: v1, canary: v2, weight: 10}
                """);
        Map<String, Object> service = yaml(file(rendered, "clusters/ams/mesh/virtualservice-shop.catalog.yaml"));
        for (String protocol : List.of("http", "tcp")) {
            List<?> routes = (List<?>) at(service, "spec", protocol);
            assertThat(routes).as(protocol).hasSize(1);
            List<?> destinations = (List<?>) ((Map<?, ?>) routes.get(0)).get("route");
            List<Object> subsets = destinations.stream()
                    .map(d -> (Object) ((Map<?, ?>) ((Map<?, ?>) d).get("destination")).get("subset"))
                    .toList();
            List<Object> weights = destinations.stream()
                    .map(d -> (Object) ((Map<?, ?>) d).get("weight"))
                    .toList();
            assertThat(subsets).as(protocol).containsExactly("stable", "canary");
            assertThat(weights).as(protocol).containsExactly(90, 10);
        }
    }

    private List<Finding> refused(String topology) {
        FindingsException refused = catchThrowableOfType(FindingsException.class, () -> render(topology));
        assertThat(refused).as("must be refused").isNotNull();
        return refused.findings().stream().filter(Finding::isError).toList();
    }

    private Rendered render(String topology) throws Exception {
        Path file = work.resolve("topology.yaml");
        Files.writeString(file, topology, StandardCharsets.UTF_8);
        return new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(file, work.resolve("rendered")));
    }

    private static Map<String, String> manifests(Rendered rendered) {
        return rendered.files().stream()
                .filter(f -> f.path().startsWith("clusters/"))
                .collect(java.util.stream.Collectors.toMap(
                        RenderedFile::path,
                        f -> new String(f.content(), StandardCharsets.UTF_8),
                        (a, b) -> a,
                        java.util.TreeMap::new));
    }

    private static String file(Rendered rendered, String path) {
        return rendered.files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError(path + " not rendered; got "
                        + rendered.files().stream().map(RenderedFile::path).toList()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private static Object at(Map<String, Object> document, String... path) {
        Object node = document;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }
}
