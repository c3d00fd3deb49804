package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.check.Namespaces;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.validate.TopologyValidator;
import io.dkpmesh.core.validate.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Cilium ClusterMesh checks, each at the line and column of the value at fault, and valid meshes that render. */
class CiliumRulesTest {

    /** Two meshed clusters; {@code %s} placeholders are filled per case, nothing else moves. */
    private static final String TOPOLOGY = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: cm
            spec:
              clusters:
                - name: %s
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                  cilium: {id: 1, install: helm, apiserver: {address: clustermesh.a.example.com, port: 2379}}
                - name: b
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: %s
                  serviceSubnetCIDR: 10.223.0.0/16
                  %s
              meshes:
                - name: cm
                  type: %s
                  provider: cilium
                  clusters: [%s, b]
                  namespaces: [shop]
                  traffic:
                    - {namespace: %s, service: catalog, affinity: local}
            """;

    private static final String B_CILIUM =
            "cilium: {id: 2, install: helm, apiserver: {address: clustermesh.b.example.com, port: 2379}}";

    static String topology(String nameA, String podB, String ciliumB, String type, String affinityNamespace) {
        return TOPOLOGY.formatted(nameA, podB, ciliumB, type, nameA, affinityNamespace);
    }

    static String valid() {
        return topology("a", "10.112.0.0/16", B_CILIUM, "multicluster", "shop");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "duplicate id",
                        topology("a", "10.112.0.0/16", B_CILIUM.replace("id: 2", "id: 1"), "multicluster", "shop"),
                        "DKPM401",
                        18,
                        20),
                // maxConnectedClusters 255 (the default) allows ids up to 255 (cilium chart values.yaml)
                Arguments.of(
                        "id above 255 in a mesh of 255",
                        topology("a", "10.112.0.0/16", B_CILIUM.replace("id: 2", "id: 256"), "multicluster", "shop"),
                        "DKPM401",
                        18,
                        20),
                Arguments.of(
                        "id above 511",
                        topology("a", "10.112.0.0/16", B_CILIUM.replace("id: 2", "id: 512"), "multicluster", "shop"),
                        "DKPM106",
                        18,
                        20),
                // defect 4: DKP's cni-cilium (the default install) does not configure ClusterMesh; the finding stands
                // where install goes
                Arguments.of(
                        "member on cni-cilium by default",
                        topology("a", "10.112.0.0/16", B_CILIUM.replace("install: helm, ", ""), "multicluster", "shop"),
                        "DKPM404",
                        18,
                        15),
                Arguments.of(
                        "member on cni-cilium",
                        topology(
                                "a",
                                "10.112.0.0/16",
                                B_CILIUM.replace("install: helm", "install: cni-cilium"),
                                "multicluster",
                                "shop"),
                        "DKPM404",
                        18,
                        32),
                // defect 2: the chart's LoadBalancer Service listens on 2379
                // (templates/clustermesh-apiserver/service.yaml)
                Arguments.of(
                        "LoadBalancer on another port",
                        topology(
                                "a",
                                "10.112.0.0/16",
                                B_CILIUM.replace("port: 2379", "port: 32379"),
                                "multicluster",
                                "shop"),
                        "DKPM405",
                        18,
                        92),
                Arguments.of(
                        "NodePort without its port",
                        topology(
                                "a",
                                "10.112.0.0/16",
                                B_CILIUM.replace(", port: 2379", ", serviceType: NodePort"),
                                "multicluster",
                                "shop"),
                        "DKPM105",
                        18,
                        49),
                Arguments.of(
                        "id zero",
                        topology("a", "10.112.0.0/16", B_CILIUM.replace("id: 2", "id: 0"), "multicluster", "shop"),
                        "DKPM106",
                        18,
                        20),
                Arguments.of(
                        "cilium block missing",
                        topology("a", "10.112.0.0/16", "environment: dev", "multicluster", "shop"),
                        "DKPM401",
                        13,
                        7),
                Arguments.of(
                        "apiserver missing",
                        topology("a", "10.112.0.0/16", "cilium: {id: 2, install: helm}", "multicluster", "shop"),
                        "DKPM403",
                        18,
                        15),
                Arguments.of(
                        "name default",
                        topology("default", "10.112.0.0/16", B_CILIUM, "multicluster", "shop"),
                        "DKPM402",
                        7,
                        13),
                Arguments.of(
                        "overlapping pod subnets",
                        topology("a", "10.111.128.0/17", B_CILIUM, "multicluster", "shop"),
                        "DKPM204",
                        16,
                        22),
                Arguments.of(
                        "affinity on a service that is not global",
                        topology("a", "10.112.0.0/16", B_CILIUM, "multicluster", "other"),
                        "DKPM504",
                        26,
                        58));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedAtTheFaultyValue(String name, String yaml, String code, int line, int column) {
        List<Finding> errors =
                validate(yaml).findings().stream().filter(Finding::isError).toList();

        assertThat(errors)
                .as(name)
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple(code, line, column));
    }

    @Test
    void validMeshOfHelmInstallsHasNoFinding() {
        Validation validation = validate(valid());

        assertThat(validation.topology()).isPresent();
        assertThat(validation.findings()).isEmpty();
    }

    @Test
    void idsUpTo511WhenTheMeshSetsMaxConnectedClusters511() {
        String yaml = topology("a", "10.112.0.0/16", B_CILIUM.replace("id: 2", "id: 511"), "multicluster", "shop")
                .replace(
                        "      namespaces: [shop]\n",
                        "      namespaces: [shop]\n      cilium: {maxConnectedClusters: 511}\n");

        assertThat(validate(yaml).findings()).isEmpty();
    }

    @Test
    void nodePortOutsideTheDefaultRangeIsAWarning() {
        String yaml = topology(
                "a",
                "10.112.0.0/16",
                B_CILIUM.replace(", port: 2379", ", serviceType: NodePort, port: 2379"),
                "multicluster",
                "shop");

        assertThat(validate(yaml).findings())
                .extracting(Finding::code, Finding::severity, Finding::line, Finding::column)
                .containsExactly(tuple("DKPM406", Severity.WARNING, 18, 115));
    }

    @Test
    void clusterInTwoMeshesNeedsOneMaxConnectedClusters() {
        String yaml = valid() + """
                    - name: cm2
                      type: multicluster
                      provider: cilium
                      clusters: [a, b]
                      cilium: {maxConnectedClusters: 511}
                """;

        assertThat(validate(yaml).findings().stream().filter(Finding::isError))
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("DKPM305", 31, 38));
    }

    @Test
    void singleClusterCiliumMeshNeedsNoClusterMeshIdentity() {
        String yaml = topology("a", "10.111.0.0/16", "environment: dev", "single", "shop")
                .replace("clusters: [a, b]", "clusters: [b]")
                .replace("      traffic:\n        - {namespace: shop, service: catalog, affinity: local}\n", "");

        assertThat(validate(yaml).findings()).isEmpty();
    }

    @Test
    void validMeshRendersValuesComponentAndNoFinding(@TempDir Path dir) throws Exception {
        Rendered rendered = render(dir, valid());

        assertThat(rendered.warnings()).isEmpty();
        assertThat(rendered.files())
                .extracting(RenderedFile::path)
                .contains(
                        "clusters/a/cilium/clustermesh-values.yaml",
                        "clusters/b/cilium/clustermesh-values.yaml",
                        "clusters/a/components/cilium-global-services/services.shop.yaml");
    }

    /** "Also": kubectl kustomize clusters/<c> works for every member, even one with nothing but components. */
    @Test
    void everyMemberGetsARootKustomization(@TempDir Path dir) throws Exception {
        Rendered rendered = render(dir, valid());

        for (String cluster : List.of("a", "b")) {
            assertThat(rendered.files())
                    .filteredOn(f -> f.path().equals("clusters/" + cluster + "/kustomization.yaml"))
                    .singleElement()
                    .extracting(f -> new String(f.content(), StandardCharsets.UTF_8))
                    .asString()
                    .contains("kind: Kustomization")
                    .contains("resources: []");
        }
    }

    /**
     * "Also": the federation boundary holds in every namespace. a exports shop/catalog; b exports nothing. Remote
     * pods carry io.cilium.k8s.policy.cluster; a cluster-wide policy covers the namespaces a member exports nothing
     * from (existing or future), a namespaced one the namespaces it exports from.
     */
    @Test
    void federationBoundaryHoldsInEveryNamespace(@TempDir Path dir) throws Exception {
        String yaml = topology("a", "10.112.0.0/16", B_CILIUM, "federation", "shop")
                .replace(
                        "      namespaces: [shop]\n",
                        "      exports:\n        - {cluster: a, namespace: shop, service: catalog}\n");

        Map<String, String> files = new TreeMap<>();
        render(dir, yaml).files().forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));

        // kube-system is not left out: the peers reach the clustermesh-apiserver through its LoadBalancer or
        // NodePort Service from their nodes (chart templates/clustermesh-apiserver/service.yaml; the Deployment is
        // not hostNetwork), so those packets are the world or remote-node entity, which fromEndpoints never matches
        // (cilium Documentation/security/policy/language.rst, "Entities Based")
        assertThat(files.get("clusters/b/mesh/ciliumclusterwidenetworkpolicy-cm-federation-boundary.yaml"))
                .contains(
                        "kind: CiliumClusterwideNetworkPolicy",
                        "ingressDeny:",
                        "endpointSelector: {}",
                        "\"io.cilium.k8s.policy.cluster\": \"a\"")
                .doesNotContain("namespace:", "kube-system");
        assertThat(files).doesNotContainKey("clusters/b/mesh/ciliumnetworkpolicy-shop.cm-federation-boundary.yaml");
        assertThat(files.get("clusters/a/mesh/ciliumclusterwidenetworkpolicy-cm-federation-boundary.yaml"))
                .contains(
                        "{key: \"io.kubernetes.pod.namespace\", operator: \"NotIn\", values: [\"shop\"]}",
                        "\"io.cilium.k8s.policy.cluster\": \"b\"")
                .doesNotContain("kube-system");
        assertThat(files.get("clusters/a/mesh/ciliumnetworkpolicy-shop.cm-federation-boundary.yaml"))
                .contains("{key: \"app\", operator: \"NotIn\", values: [\"catalog\"]}");
    }

    @Test
    void singleClusterMeshPoliciesDoNotNameTheCluster(@TempDir Path dir) throws Exception {
        String yaml = topology("a", "10.111.0.0/16", "environment: dev", "single", "shop")
                .replace("clusters: [a, b]", "clusters: [b]")
                .replace(
                        "      traffic:\n        - {namespace: shop, service: catalog, affinity: local}\n",
                        "      access:\n        - {namespace: shop, from: [{namespace: checkout}]}\n");

        Rendered rendered = render(dir, yaml);

        // DKP's cni-cilium names every cluster "default": a cluster label would match no caller
        assertThat(rendered.files())
                .extracting(RenderedFile::path)
                .containsExactly(
                        "ACCESS.md",
                        "TOPOLOGY.md",
                        "clusters/b/kustomization.yaml",
                        "clusters/b/mesh/ciliumnetworkpolicy-shop.cm-access.yaml",
                        "clusters/b/mesh/kustomization.yaml");
        assertThat(new String(rendered.files().get(3).content(), StandardCharsets.UTF_8))
                .contains("\"io.kubernetes.pod.namespace\": \"checkout\"")
                .doesNotContain("io.cilium.k8s.policy.cluster");
    }

    /** A federation: a exports shop/catalog; {@code %s} is the rest of the export entry (ports or nothing). */
    static String federationExporting(String exportTail) {
        return topology("a", "10.112.0.0/16", B_CILIUM, "federation", "shop")
                .replace(
                        "      namespaces: [shop]\n",
                        "      exports:\n        - {cluster: a, namespace: shop, service: catalog" + exportTail
                                + "}\n");
    }

    /**
     * "Also": a consumer cluster needs a Service of the same name and namespace (Cilium
     * Documentation/network/clustermesh/services.rst), and its frontends get the remote backends
     * by port name (cilium pkg/clustermesh/loadbalancer/service_merger.go, ClusterServiceToBackendParams).
     * b consumes shop/catalog: it gets that Service with a's ports, no selector, global and not
     * shared, listed by its kustomization, and kubectl kustomize builds it. a, the exporter, keeps its own.
     */
    @Test
    void consumerGetsTheGlobalServiceWithTheExportersPortsAndNoSelector(@TempDir Path dir) throws Exception {
        String yaml = federationExporting(", ports: [{name: http, port: 8080}, {name: dns, port: 53, protocol: UDP}]");

        Rendered rendered = render(dir, yaml);
        Map<String, String> files = new TreeMap<>();
        rendered.files().forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));

        assertThat(files.get("clusters/b/mesh/service-shop.catalog.yaml"))
                .startsWith("# Rendered by dkp-mesh")
                .endsWith("""
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: "catalog"
                          namespace: "shop"
                          annotations:
                            "service.cilium.io/affinity": "local"
                            "service.cilium.io/global": "true"
                            "service.cilium.io/shared": "false"
                        spec:
                          type: "ClusterIP"
                          ports:
                            - name: "http"
                              port: 8080
                              protocol: "TCP"
                            - name: "dns"
                              port: 53
                              protocol: "UDP"
                        """);
        assertThat(files.get("clusters/b/mesh/kustomization.yaml")).contains("service-shop.catalog.yaml");
        assertThat(files.keySet()).noneMatch(path -> path.startsWith("clusters/a/") && path.contains("service-shop"));
        assertThat(rendered.warnings()).extracting(Finding::code).doesNotContain("DKPM407");
        // DKPM610 names the namespaces each cluster's objects need: the consumer's Service is one of them
        assertThat(Namespaces.needed(rendered.files().stream()
                                .filter(f -> f.path().equals("clusters/b/mesh/service-shop.catalog.yaml"))
                                .toList())
                        .get("b"))
                .containsExactly("shop");

        Path tree = dir.resolve("tree");
        for (RenderedFile file : rendered.files()) {
            Path target = tree.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
        }
        Kubectl.Build build = Kubectl.kustomize(tree.resolve("clusters/b"));
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output()).contains("kind: Service", "name: catalog", "port: 53");
    }

    /** Without ports no consumer Service can be rendered: a warning that says why, at the export. */
    @Test
    void exportWithoutPortsWarnsThatItsConsumersHaveNoService(@TempDir Path dir) throws Exception {
        Rendered rendered = render(dir, federationExporting(""));

        assertThat(rendered.files()).extracting(RenderedFile::path).noneMatch(p -> p.contains("mesh/service-"));
        assertThat(rendered.warnings())
                .filteredOn(f -> f.code().equals("DKPM407"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.line()).isEqualTo(25);
                    assertThat(f.message()).contains("shop/catalog", "only in clusters", "b", "ports");
                });
    }

    static Stream<Arguments> badPorts() {
        return Stream.of(
                Arguments.of("an unnamed port among two", ", ports: [{port: 80}, {name: https, port: 443}]", 25),
                Arguments.of("a name twice", ", ports: [{name: http, port: 80}, {name: http, port: 81}]", 25),
                Arguments.of("a port twice", ", ports: [{name: a, port: 80}, {name: b, port: 80}]", 25));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPorts")
    void portsThatCannotMakeAMatchingServiceAreRefused(String name, String tail, int line) {
        assertThat(validate(federationExporting(tail)).findings())
                .filteredOn(Finding::isError)
                .extracting(Finding::code, Finding::line)
                .containsExactly(tuple("DKPM408", line));
    }

    @Test
    void oneServiceExportedWithOtherPortsIsRefused() {
        String yaml = federationExporting(", ports: [{name: http, port: 80}]")
                .replace(
                        "      traffic:\n",
                        "        - {cluster: b, namespace: shop, service: catalog, ports: [{name: http, port: 8080}]}\n"
                                + "      traffic:\n");

        assertThat(validate(yaml).findings())
                .filteredOn(Finding::isError)
                .extracting(Finding::code, Finding::line, Finding::message)
                .singleElement()
                .satisfies(t -> assertThat(t.toList()).startsWith("DKPM408", 26));
    }

    /** An istio federation renders its gateway boundary from the ports (IstioPlanner.serverNames): no DKPM409. */
    @Test
    void portsOfAnIstioFederationExportNarrowTheGatewayBoundary() {
        String yaml =
                federationExporting(", ports: [{name: http, port: 80}]").replace("provider: cilium", "provider: istio");

        assertThat(validate(yaml).findings())
                .filteredOn(f -> f.code().equals("DKPM409"))
                .isEmpty();
    }

    private static Rendered render(Path dir, String yaml) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, yaml, StandardCharsets.UTF_8);
        try {
            return new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(topology, dir.resolve("rendered")));
        } catch (FindingsException e) {
            throw new AssertionError(e.findings().toString(), e);
        }
    }

    private static Validation validate(String yaml) {
        Path dir = Path.of("target");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), dir, dir);
    }
}
