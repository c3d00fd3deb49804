package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multicluster, traffic, access and policy checks: each refused topology names the finding code and
 * the line (marked {@code # <-}) and column it must be reported at; each valid counterpart renders.
 * The semantic rules of {@link TopologyValidator} behind them: {@code IstioAllianceRules},
 * {@code IstioTrafficRules}, {@code AccessRules}, {@code ResidencyRules}, {@code MeshRules}.
 */
class SemanticRulesTest {

    private static final String MARK = "# <-";

    @TempDir
    Path work;

    /** Three EE clusters; {@code %s} placeholders: the domains of msk, spb, ams, then spb's pod subnet. */
    private static String clusters(String msk, String spb, String ams, String spbPods) {
        return """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: checks
                spec:
                  clusters:
                    - name: msk
                      edition: EE
                      region: ru-central
                      labels: {jurisdiction: ru}
                      clusterDomain: %s
                      publicDomain: k8s-msk.example.com
                      podSubnetCIDR: 10.111.0.0/16
                      serviceSubnetCIDR: 10.221.0.0/16
                    - name: spb
                      edition: EE
                      region: ru-central
                      labels: {jurisdiction: ru}
                      clusterDomain: %s
                      publicDomain: k8s-spb.example.com
                      podSubnetCIDR: %s
                      serviceSubnetCIDR: 10.222.0.0/16
                    - name: ams
                      edition: EE
                      region: eu-west
                      labels: {jurisdiction: eu}
                      clusterDomain: %s
                      publicDomain: k8s-ams.example.com
                      podSubnetCIDR: 10.113.0.0/16
                      serviceSubnetCIDR: 10.223.0.0/16
                """.formatted(msk, spb, spbPods, ams);
    }

    private static String multicluster(String meshes) {
        return clusters("retail.local", "retail.local", "retail.local", "10.112.0.0/16") + meshes;
    }

    private static String federation(String meshes) {
        return clusters("msk.local", "spb.local", "ams.local", "10.112.0.0/16") + meshes;
    }

    /** msk becomes prod and spb staging. */
    private static String prodAndStaging(String topology) {
        return topology.replace(
                        "labels: {jurisdiction: ru}\n      clusterDomain: retail.local\n      publicDomain: k8s-msk",
                        "environment: prod\n      clusterDomain: retail.local\n      publicDomain: k8s-msk")
                .replace(
                        "labels: {jurisdiction: ru}\n      clusterDomain: retail.local\n      publicDomain: k8s-spb",
                        "environment: staging\n      clusterDomain: retail.local\n      publicDomain: k8s-spb");
    }

    private static final String MC = """
              meshes:
                - name: mc
                  type: multicluster
                  provider: istio
                  clusters: [msk, spb, ams]
            """;

    private static final String FED = """
              meshes:
                - name: fed
                  type: federation
                  provider: istio
                  clusters: [msk, spb, ams]
                  exports:
                    - {cluster: msk, namespace: shop, service: catalog}
            """;

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "multicluster members with different clusterDomains",
                        FindingCode.CLUSTER_DOMAIN,
                        22,
                        clusters("retail.local", "spb.local  " + MARK, "retail.local", "10.112.0.0/16") + MC),
                Arguments.of(
                        "multicluster pod subnets overlap",
                        FindingCode.SUBNET_OVERLAP,
                        22,
                        clusters("retail.local", "retail.local", "retail.local", "10.111.0.0/16  " + MARK) + MC),
                Arguments.of(
                        "multicluster service subnets overlap",
                        FindingCode.SUBNET_OVERLAP,
                        26,
                        multicluster(MC)
                                .replace(
                                        "serviceSubnetCIDR: 10.223.0.0/16",
                                        "serviceSubnetCIDR: 10.220.0.0/14  " + MARK)),
                Arguments.of(
                        "multicluster access by cluster without a flat network",
                        FindingCode.ACCESS_UNENFORCEABLE,
                        25,
                        multicluster(MC + """
                              access:
                                - namespace: shop
                                  from:
                                    - {cluster: spb}  # <-
                        """)),
                Arguments.of("failover and distribute in one rule", FindingCode.TRAFFIC, 23, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  failover: [{from: ru-central, to: eu-west}]
                                  distribute: [{from: ru-central, to: {ru-central: 100}}]  # <-
                        """)),
                Arguments.of("distribute weights not summing to 100", FindingCode.TRAFFIC, 19, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  distribute:
                                    - from: ru-central
                                      to: {ru-central: 70, eu-west: 20}  # <-
                        """)),
                Arguments.of("failover to a region no member is in", FindingCode.TRAFFIC, 19, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  failover:
                                    - from: ru-central
                                      to: us-east  # <-
                        """)),
                Arguments.of("distribute to a region no member is in", FindingCode.TRAFFIC, 45, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  distribute:
                                    - from: ru-central
                                      to: {ru-central: 50, us-east: 50}  # <-
                        """)),
                Arguments.of("failover to its own region", FindingCode.TRAFFIC, 19, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  failover:
                                    - from: ru-central
                                      to: ru-central  # <-
                        """)),
                Arguments.of("canary equal to stable", FindingCode.TRAFFIC, 40, multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  canary: {stable: v1, canary: v1, weight: 10}  # <-
                        """)),
                Arguments.of(
                        "federation traffic for a service nobody exports",
                        FindingCode.UNKNOWN_SERVICE,
                        20,
                        federation(FED + """
                              traffic:
                                - service: payments  # <-
                                  namespace: shop
                        """)),
                Arguments.of("canary across a federation", FindingCode.TRAFFIC, 19, federation(FED + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  canary: {stable: v1, canary: v2, weight: 10}  # <-
                        """)),
                Arguments.of(
                        "federation access to a namespace nobody exports",
                        FindingCode.UNKNOWN_SERVICE,
                        22,
                        federation(FED + """
                              access:
                                - namespace: billing  # <-
                                  from: [{namespace: shop}]
                        """)),
                Arguments.of(
                        "namespace-wide access admitting callers the service rule leaves out",
                        FindingCode.ACCESS_UNENFORCEABLE,
                        11,
                        multicluster(MC + """
                              access:
                                - namespace: shop
                                  from: [{namespace: web}]
                                - namespace: shop  # <-
                                  service: payments
                                  from: [{namespace: checkout}]
                        """)),
                Arguments.of(
                        "residency-bound namespace exported to a federation with an outside member",
                        FindingCode.RESIDENCY,
                        11,
                        federation(FED + """
                                - {cluster: msk, namespace: pii, service: profiles}  # <-
                          policies:
                            residency:
                              - {namespace: pii, allowedLabels: {jurisdiction: ru}}
                        """)),
                Arguments.of(
                        "residency-bound namespace shared by a multicluster with an outside member",
                        FindingCode.RESIDENCY,
                        11,
                        multicluster(MC + """
                              namespaces:
                                - shop
                                - pii  # <-
                          policies:
                            residency:
                              - {namespace: pii, allowedClusters: [msk, spb]}
                        """)),
                Arguments.of(
                        "access to a residency-bound namespace from an outside cluster",
                        FindingCode.RESIDENCY,
                        15,
                        multicluster(MC + """
                              flatNetwork: true
                              sourceIPPreserved: true
                              access:
                                - namespace: pii
                                  from:
                                    - {cluster: msk}
                                    - {cluster: ams}  # <-
                          policies:
                            residency:
                              - {namespace: pii, allowedClusters: [msk, spb]}
                        """)),
                Arguments.of(
                        "a mesh joining prod and staging",
                        FindingCode.CROSS_ENVIRONMENT,
                        17,
                        prodAndStaging(multicluster(MC))
                                .replace("clusters: [msk, spb, ams]", "clusters: [msk, spb, ams]  " + MARK)),
                Arguments.of(
                        "a pair linked by a federation and a multicluster",
                        FindingCode.CONFLICTING_MESHES,
                        13,
                        federation(FED + """
                            - name: mc
                              type: multicluster  # <-
                              provider: istio
                              clusters: [msk, spb]
                        """)),
                Arguments.of(
                        "two meshes with traffic rules for one service of a shared member",
                        FindingCode.TRAFFIC,
                        11,
                        multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                            - name: local
                              type: single
                              provider: istio
                              clusters: [msk]
                              traffic:
                                - service: catalog  # <-
                                  namespace: shop
                        """)),
                Arguments.of(
                        "multicluster on CE",
                        FindingCode.EDITION,
                        16,
                        multicluster(MC).replaceFirst("edition: EE", "edition: CE  " + MARK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithAFindingAtTheOffendingLine(String name, FindingCode code, int column, String topology)
            throws Exception {
        int line = markedLine(topology);
        FindingsException refused = catchThrowableOfType(FindingsException.class, () -> render(topology));
        assertThat(refused).as("%s must be refused", name).isNotNull();
        List<Finding> errors =
                refused.findings().stream().filter(Finding::isError).toList();
        assertThat(errors).as(name).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(code.code());
            assertThat(f.line()).isEqualTo(line);
            assertThat(f.column()).isEqualTo(column);
        });
        // a pair both federated and multiclustered necessarily breaks one of the two clusterDomain rules as well
        List<String> expected = code == FindingCode.CONFLICTING_MESHES
                ? List.of(code.code(), FindingCode.CLUSTER_DOMAIN.code())
                : List.of(code.code());
        assertThat(errors)
                .as("%s: only the expected finding", name)
                .allSatisfy(f -> assertThat(f.code()).isIn(expected));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("multicluster with one clusterDomain and unique subnets", multicluster(MC)),
                Arguments.of(
                        "federation with overlapping subnets (a warning only)",
                        clusters("msk.local", "spb.local", "ams.local", "10.111.0.0/16") + FED),
                Arguments.of("multicluster access by namespace", multicluster(MC + """
                              access:
                                - namespace: shop
                                  from: [{namespace: web}]
                                - namespace: shop
                                  service: payments
                                  from: [{namespace: web}, {namespace: checkout}]
                        """)),
                Arguments.of("geo weights summing to 100 and failover between member regions", multicluster(MC + """
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  distribute: [{from: ru-central, to: {ru-central: 80, eu-west: 20}}]
                                - service: payments
                                  namespace: shop
                                  failover: [{from: ru-central, to: eu-west}]
                                  canary: {stable: v1, canary: v2, weight: 0}
                        """)),
                Arguments.of(
                        "residency respected by a federation of allowed clusters",
                        federation(FED.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]") + """
                                - {cluster: msk, namespace: pii, service: profiles}
                              access:
                                - namespace: pii
                                  from: [{cluster: spb}]
                          policies:
                            residency:
                              - {namespace: pii, allowedLabels: {jurisdiction: ru}}
                        """)),
                Arguments.of(
                        "prod and staging joined on purpose",
                        prodAndStaging(multicluster(MC)) + "  policies:\n    allowCrossEnvironment: true\n"),
                Arguments.of("a single mesh inside a multicluster member", multicluster(MC + """
                            - name: local
                              type: single
                              provider: istio
                              clusters: [msk]
                        """)),
                Arguments.of("single mesh on CE", multicluster("""
                          meshes:
                            - name: local
                              type: single
                              provider: istio
                              clusters: [msk]
                              traffic:
                                - service: catalog
                                  namespace: shop
                                  circuitBreaker: {consecutive5xxErrors: 3}
                        """).replaceFirst("edition: EE", "edition: CE")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void validCounterpartRenders(String name, String topology) throws Exception {
        Rendered rendered = render(topology);
        assertThat(rendered.files()).as(name).isNotEmpty();
    }

    @Test
    void flatMulticlusterAdmitsACallerClusterByItsPodSubnetAndSkipsTheGateway() throws Exception {
        Rendered rendered = render(multicluster(MC + """
                      flatNetwork: true
                      sourceIPPreserved: true
                      access:
                        - namespace: shop
                          from: [{cluster: spb, namespace: checkout}]
                """));
        assertThat(file(rendered, "clusters/msk/mesh/authorizationpolicy-shop.yaml"))
                .contains(
                        "namespaces:\n              - \"checkout\"\n            ipBlocks:\n              - \"10.112.0.0/16\"");
        assertThat(file(rendered, "clusters/msk/mesh/istiomulticluster-spb.yaml"))
                .contains("enableIngressGateway: false");
        assertThat(rendered.warnings()).extracting(Finding::code).containsExactly(FindingCode.INGRESS_GATEWAY.code());
    }

    @Test
    void aClusterInASingleMeshAndAMulticlusterGetsOneMergedModuleConfig() throws Exception {
        Rendered rendered = render(multicluster(MC + """
                    - name: local
                      type: single
                      provider: istio
                      clusters: [msk]
                      traffic:
                        - service: catalog
                          namespace: shop
                          canary: {stable: v1, canary: v2, weight: 5}
                """));
        assertThat(file(rendered, "clusters/msk/modules/moduleconfig-istio.yaml"))
                .contains("\"multicluster\":\n      \"enabled\": true");
        assertThat(file(rendered, "clusters/msk/mesh/virtualservice-shop.catalog.yaml"))
                .contains("weight: 95");
        assertThat(rendered.files())
                .map(RenderedFile::path)
                .noneMatch(p -> p.startsWith("clusters/spb/mesh/virtualservice"));
    }

    @Test
    void federationAdmitsACallerClusterByItsTrustDomainWhereTheServiceRuns() throws Exception {
        Rendered rendered = render(federation(FED + """
                      access:
                        - namespace: shop
                          service: catalog
                          from: [{cluster: spb}, {cluster: ams, namespace: web}]
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {consecutive5xxErrors: 5}
                """));
        assertThat(file(rendered, "clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml"))
                .contains("- \"spb.local/*\"", "- \"ams.local/ns/web/sa/*\"", "\"app\": \"catalog\"");
        // spb holds no access policy of catalog: only its own federation gateway boundary (in d8-istio)
        assertThat(rendered.files())
                .map(RenderedFile::path)
                .filteredOn(p -> p.startsWith("clusters/spb/mesh/authorizationpolicy"))
                .containsExactly("clusters/spb/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        // callers elsewhere reach the export under the exporter's domain, in the namespace ams's rule admits
        assertThat(file(rendered, "clusters/ams/mesh/destinationrule-web.catalog.shop.yaml"))
                .contains("host: \"catalog.shop.svc.msk.local\"", "consecutive5xxErrors: 5");
    }

    @Test
    void failoverWithoutOutlierSettingsGetsDefaultOutlierDetection() throws Exception {
        Rendered rendered = render(multicluster(MC + """
                      traffic:
                        - service: catalog
                          namespace: shop
                          circuitBreaker: {maxConnections: 10}
                          failover: [{from: eu-west, to: ru-central}]
                """));
        assertThat(file(rendered, "clusters/ams/mesh/destinationrule-shop.catalog.yaml"))
                .contains(
                        "outlierDetection:\n      consecutive5xxErrors: 5\n      interval: \"10s\"\n      baseEjectionTime: \"30s\"\n");
    }

    private Rendered render(String topology) throws Exception {
        Path file = work.resolve("topology.yaml");
        Files.writeString(file, topology, StandardCharsets.UTF_8);
        return new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(file, work.resolve("rendered")));
    }

    private static String file(Rendered rendered, String path) {
        return rendered.files().stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError(path + " not rendered; got "
                        + rendered.files().stream().map(RenderedFile::path).toList()));
    }

    private static int markedLine(String topology) {
        String[] lines = topology.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(MARK)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line marked " + MARK);
    }
}
