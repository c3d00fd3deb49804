package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.access.AccessEvaluator;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.access.FleetObjects;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.CiliumChart;
import io.dkpmesh.core.validate.TopologyValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The federation boundary, where access rules go, and the one agent option the access matrix
 * depends on, checked against what the Cilium agent does with the rendered objects (the access
 * evaluator follows cilium's own rules, {@code CiliumPolicyTest}) and against the chart.
 */
class CiliumPlannerTest {

    @TempDir
    Path dir;

    /** msk exports shop/catalog to ams; {@code %s} is the rest of the export and the mesh's access rules. */
    private static final String FEDERATION = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
              clusters:
                - name: msk
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                  cilium: {id: 1, install: helm, apiserver: {address: clustermesh.msk.example.com, port: 2379}}
                - name: ams
                  edition: CE
                  region: eu-west
                  podSubnetCIDR: 10.113.0.0/16
                  serviceSubnetCIDR: 10.224.0.0/16
                  cilium: {id: 2, install: helm, apiserver: {address: clustermesh.ams.example.com, port: 2379}}
              meshes:
                - name: fed
                  type: federation
                  provider: cilium
                  clusters: [msk, ams]
                  exports:
                    - {cluster: msk, namespace: shop, service: catalog, ports: [{name: http, port: 8080}]%s}
            %s""";

    private static String federation(String export, String access) {
        return FEDERATION.formatted(export, access);
    }

    private static final String ACCESS_FROM_AMS_CHECKOUT = """
                  access:
                    - namespace: shop
                      service: catalog
                      from: [{cluster: ams, namespace: checkout}]
            """;

    /**
     * Issue 26 point 7. The exporter's pods carry app.kubernetes.io/name, not app: with the export's
     * workloadLabels the boundary exempts exactly those pods (Kubernetes NotIn holds for a pod
     * without the label, DOMAIN.md), and only on the exported port: the other ports of those pods
     * are denied to ams by an ingressDeny with toPorts (cilium CRD ciliumnetworkpolicies.yaml,
     * IngressDenyRule.toPorts, PortProtocol ANY = TCP, UDP and SCTP). A pod merely labelled
     * {@code app: catalog} is no longer opened.
     */
    @Test
    void theBoundaryOpensExactlyTheExportedPodsOnTheExportedPorts() throws Exception {
        Map<String, String> files = render(federation(", workloadLabels: {app.kubernetes.io/name: catalog}", ""));

        assertThat(files.get("clusters/msk/mesh/ciliumnetworkpolicy-shop.fed-federation-boundary.yaml"))
                .contains(
                        "endpointSelector: {matchExpressions: [{key: \"app.kubernetes.io/name\", operator: \"NotIn\", values: [\"catalog\"]}]}",
                        "ingressDeny:",
                        "\"io.cilium.k8s.policy.cluster\": \"ams\"")
                .doesNotContain("key: \"app\"");
        assertThat(files.get("clusters/msk/mesh/ciliumnetworkpolicy-shop.fed-federation-boundary-ports-catalog.yaml"))
                .contains(
                        "endpointSelector: {matchLabels: {\"app.kubernetes.io/name\": \"catalog\"}}",
                        "enableDefaultDeny:\n    ingress: false",
                        """
                              toPorts:
                                - ports:
                                    - {port: "1", endPort: 8079, protocol: "ANY"}
                                    - {port: "8081", endPort: 65535, protocol: "ANY"}
                                    - {port: "8080", protocol: "UDP"}
                        """);

        Topology topology = topology(federation(", workloadLabels: {app.kubernetes.io/name: catalog}", ""));
        AccessMatrix matrix = matrix(topology, files);
        assertThat(verdict(matrix, new Target("msk", "shop", "catalog"), new Caller("ams", "*")))
                .as("the exported pods, on the exported port")
                .isEqualTo(AccessMatrix.Verdict.ADMITTED);
        assertThat(verdict(matrix, new Target("msk", "shop", "*"), new Caller("ams", "*")))
                .as("every other pod of shop, one labelled app: catalog included")
                .isEqualTo(AccessMatrix.Verdict.DENIED);
    }

    /**
     * On a port the export does not list, the exported pods are denied to ams: the evaluator reads
     * the boundary's toPorts against the target's ports. Hand-worked: the export says 8080/TCP, so
     * the matrix asks about 8080/TCP, which no deny range covers; with 9090 the range 8081..65535
     * covers it.
     */
    @Test
    void theMatrixAsksAboutTheExportsPorts() throws Exception {
        Map<String, String> files = render(federation("", ""));
        Topology other = topology(federation("", "").replace("port: 8080", "port: 9090"));

        // the same boundary, evaluated for a Service on 9090: the deny range 8081..65535 drops it
        AccessMatrix matrix = matrix(other, files);
        assertThat(verdict(matrix, new Target("msk", "shop", "catalog"), new Caller("ams", "*")))
                .isEqualTo(AccessMatrix.Verdict.DENIED);
        assertThat(matrix(topology(federation("", "")), files).targets().stream()
                        .filter(t -> t.target().equals(new Target("msk", "shop", "catalog")))
                        .flatMap(t -> t.decisions().stream())
                        .filter(d -> d.caller().cluster().equals("ams"))
                        .allMatch(Decision::admitted))
                .isTrue();
    }

    /**
     * Without workloadLabels the boundary keeps the documented default app: <service>, and the
     * render says which pods that denies (DKPM415).
     */
    @Test
    void anExportWithoutWorkloadLabelsWarnsWhichPodsTheBoundaryDenies() {
        List<Finding> findings = new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate(
                        "topology.yaml",
                        federation("", "").getBytes(StandardCharsets.UTF_8),
                        Path.of("target"),
                        Path.of("target"))
                .findings();
        assertThat(findings)
                .filteredOn(f -> f.code().equals("DKPM415"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.isError()).isFalse();
                    assertThat(f.line()).isEqualTo(25);
                    assertThat(f.message()).contains("labelled app: catalog", "app.kubernetes.io/name");
                });
        assertThat(new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                        .validate(
                                "topology.yaml",
                                federation(", workloadLabels: {app.kubernetes.io/name: catalog}", "")
                                        .getBytes(StandardCharsets.UTF_8),
                                Path.of("target"),
                                Path.of("target"))
                        .findings())
                .extracting(Finding::code)
                .doesNotContain("DKPM415");
    }

    /**
     * Issue 26 point 7: kube-system is denied to remote pods like any other namespace. The peers
     * reach the clustermesh-apiserver through its LoadBalancer or NodePort Service (chart
     * templates/clustermesh-apiserver/service.yaml; its Deployment is not hostNetwork,
     * templates/clustermesh-apiserver/deployment.yaml), from their nodes: the world or remote-node
     * entity, never a remote endpoint that fromEndpoints matches (cilium
     * Documentation/security/policy/language.rst, "Entities Based").
     */
    @Test
    void kubeSystemIsNotExemptedForRemotePods() throws Exception {
        Map<String, String> files = render(federation("", ""));

        assertThat(files.get("clusters/msk/mesh/ciliumclusterwidenetworkpolicy-fed-federation-boundary.yaml"))
                .contains("{key: \"io.kubernetes.pod.namespace\", operator: \"NotIn\", values: [\"shop\"]}")
                .doesNotContain("kube-system");
        assertThat(files.get("clusters/ams/mesh/ciliumclusterwidenetworkpolicy-fed-federation-boundary.yaml"))
                .contains("endpointSelector: {}")
                .doesNotContain("kube-system");
    }

    /**
     * Issue 26 point 8. An access rule on an export is rendered where its pods run (msk), not in
     * ams, where the Service has no selector and a policy would only put unrelated pods labelled
     * app: catalog into default deny (cilium Documentation/security/policy/intro.rst, "Endpoint
     * default policy"). ACCESS.md lists ams's Service as a route to msk's pods, not a target.
     */
    @Test
    void anAccessRuleOnAnExportIsRenderedWhereThePodsRun() throws Exception {
        Map<String, String> files = render(federation("", ACCESS_FROM_AMS_CHECKOUT));

        assertThat(files).containsKey("clusters/msk/mesh/ciliumnetworkpolicy-shop.fed-access-catalog.yaml");
        assertThat(files).doesNotContainKey("clusters/ams/mesh/ciliumnetworkpolicy-shop.fed-access-catalog.yaml");
        assertThat(files.get("clusters/ams/mesh/kustomization.yaml")).doesNotContain("access-catalog");
        assertThat(files.get("ACCESS.md"))
                .doesNotContain("### `ams/shop/catalog`", "| `ams/shop/catalog` | 6")
                .contains("## Routes to other members", "| `ams/shop/catalog` | `msk/shop/catalog` |");
        Topology topology = topology(federation("", ACCESS_FROM_AMS_CHECKOUT));
        assertThat(matrix(topology, files).targets())
                .extracting(t -> t.target().toString())
                .doesNotContain("ams/shop/catalog")
                .contains("msk/shop/catalog");
    }

    /**
     * Issue 25 point 6, the Cilium case: an export's access rule with workloadLabels rendered with
     * a DKPM540 "defect", because the boundary opened app: catalog while the policy protected the
     * labelled pods. Now the boundary takes the rule's labels, and the tree renders.
     */
    @Test
    void anExportsAccessRuleWithWorkloadLabelsRenders() throws Exception {
        String yaml = federation(
                "",
                ACCESS_FROM_AMS_CHECKOUT.replace(
                        "service: catalog\n",
                        "service: catalog\n          workloadLabels: {app.kubernetes.io/name: catalog}\n"));

        Map<String, String> files = render(yaml);

        assertThat(files.get("clusters/msk/mesh/ciliumnetworkpolicy-shop.fed-access-catalog.yaml"))
                .contains("endpointSelector: {matchLabels: {\"app.kubernetes.io/name\": \"catalog\"}}");
        assertThat(files.get("clusters/msk/mesh/ciliumnetworkpolicy-shop.fed-federation-boundary.yaml"))
                .contains("{key: \"app.kubernetes.io/name\", operator: \"NotIn\", values: [\"catalog\"]}");
        AccessMatrix matrix = matrix(topology(yaml), files);
        assertThat(verdict(matrix, new Target("msk", "shop", "catalog"), new Caller("ams", "checkout")))
                .isEqualTo(AccessMatrix.Verdict.ADMITTED);
        assertThat(verdict(matrix, new Target("msk", "shop", "catalog"), new Caller("ams", "*")))
                .isEqualTo(AccessMatrix.Verdict.DENIED);
    }

    /** An export and its access rule naming other pods would protect and open different pods: DKPM416 at the rule. */
    @Test
    void anExportAndItsAccessRuleMustNameTheSamePods() {
        String yaml = federation(
                ", workloadLabels: {app.kubernetes.io/name: catalog}",
                ACCESS_FROM_AMS_CHECKOUT.replace(
                        "service: catalog\n", "service: catalog\n          workloadLabels: {app: catalog}\n"));
        assertThat(new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                        .validate(
                                "topology.yaml",
                                yaml.getBytes(StandardCharsets.UTF_8),
                                Path.of("target"),
                                Path.of("target"))
                        .findings())
                .filteredOn(Finding::isError)
                .extracting(Finding::code, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DKPM416", 29));
    }

    /**
     * Issue 26 point 6. Chart 1.18.2 defaults clustermesh.policyDefaultLocalCluster to false, 1.19.6
     * to true (values.yaml of each package); the agent reads it as policy-default-local-cluster
     * (templates/cilium-configmap.yaml). The rendered values set it, so both charts configure the
     * agent as the matrix assumes.
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("io.dkpmesh.core.testing.CiliumChart#VERSIONS")
    void bothChartsRunTheAgentWithPolicyDefaultLocalCluster(String version) throws Exception {
        Map<String, String> files = render(federation("", ""));
        Path values = Files.writeString(
                dir.resolve("msk-values.yaml"), files.get("clusters/msk/cilium/clustermesh-values.yaml"));

        Map<String, Object> config = CiliumChart.find(
                        CiliumChart.template(version, values), "ConfigMap", "cilium-config")
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) config.get("data");
        assertThat(data).containsEntry("policy-default-local-cluster", "true");
        assertThat(CiliumChart.find(
                                CiliumChart.template(
                                        version,
                                        Files.writeString(dir.resolve("bare.yaml"), "cluster: {name: msk, id: 1}\n")),
                                "ConfigMap",
                                "cilium-config")
                        .map(c -> ((Map<?, ?>) c.get("data")).get("policy-default-local-cluster"))
                        .orElseThrow())
                .as("the chart's own default")
                .isEqualTo(version.startsWith("1.18") ? "false" : "true");
    }

    /**
     * The matrix reads the value the agent runs with. msk is in a single-cluster cilium mesh whose
     * rule admits namespace checkout with a selector that names no cluster, and in a federation
     * with ams. Hand-worked: with policy-default-local-cluster on, the selector matches msk's
     * checkout only (cilium Documentation/operations/upgrade.rst, "Preparing for a
     * policy-default-local-cluster change"), so ams/checkout is denied; with it off (chart 1.18's
     * default, or values that set false) it matches checkout in every cluster, and ams/checkout is
     * admitted.
     */
    @Test
    void theMatrixReadsPolicyDefaultLocalClusterFromTheRenderedValues() throws Exception {
        String yaml = federation("", "") + """
                    - name: local
                      type: single
                      provider: cilium
                      clusters: [msk]
                      access:
                        - {namespace: shop, from: [{namespace: checkout}]}
                """;
        Map<String, String> files = render(yaml);
        Topology topology = topology(yaml);
        Target catalog = new Target("msk", "shop", "catalog");
        Caller remote = new Caller("ams", "checkout");
        assertThat(files.get("clusters/msk/cilium/clustermesh-values.yaml"))
                .contains("policyDefaultLocalCluster: true");
        assertThat(verdict(matrix(topology, files), catalog, remote)).isEqualTo(AccessMatrix.Verdict.DENIED);

        Map<String, String> off = new TreeMap<>(files);
        off.put(
                "clusters/msk/cilium/clustermesh-values.yaml",
                files.get("clusters/msk/cilium/clustermesh-values.yaml")
                        .replace("policyDefaultLocalCluster: true", "policyDefaultLocalCluster: false"));
        assertThat(verdict(matrix(topology, off), catalog, remote)).isEqualTo(AccessMatrix.Verdict.ADMITTED);

        // values that leave it to the chart: the version the delivery object pins decides
        Map<String, String> unset = new TreeMap<>(files);
        unset.put(
                "clusters/msk/cilium/clustermesh-values.yaml",
                files.get("clusters/msk/cilium/clustermesh-values.yaml")
                        .replace("  policyDefaultLocalCluster: true\n", ""));
        assertThat(verdict(matrix(topology, unset), catalog, remote))
                .as("a values file without a chart version: 1.18's default, false")
                .isEqualTo(AccessMatrix.Verdict.ADMITTED);
    }

    /**
     * Delivered by Flux or Argo CD, the values travel in the HelmRelease or Application, which pin
     * the chart version: where the values leave the option out, the matrix takes that version's
     * default (values.yaml: 1.18.2 false, 1.19.6 true). dkp-mesh renders 1.18 no more (DKPM410), so
     * the 1.18.2 cases pin it in the rendered object, as a tree rendered before or edited by hand does.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "flux, 1.18.2, ADMITTED",
        "flux, 1.19.6, DENIED",
        "argocd, 1.18.2, ADMITTED",
        "argocd, 1.19.6, DENIED"
    })
    void theMatrixTakesThePinnedChartsDefaultWhereTheValuesLeaveItOut(
            String tool, String version, AccessMatrix.Verdict unset) throws Exception {
        String yaml = federation("", "")
                        .replace(
                                "spec:\n  clusters:",
                                "spec:\n  gitops:\n    tool: " + tool
                                        + "\n    repoURL: https://git.example.com/platform/mesh.git\n"
                                        + "    revision: main\n    path: rendered\n    namespacesExist: true\n"
                                        + "    cilium: {chartVersion: 1.19.6}\n  clusters:")
                        // Argo CD's Applications need each cluster's API server as destination
                        .replace(
                                "      podSubnetCIDR: 10.111.0.0/16",
                                "      apiServer: https://api.msk.example.com:6443\n      podSubnetCIDR: 10.111.0.0/16")
                        .replace(
                                "      podSubnetCIDR: 10.113.0.0/16",
                                "      apiServer: https://api.ams.example.com:6443\n      podSubnetCIDR: 10.113.0.0/16")
                + """
                    - name: local
                      type: single
                      provider: cilium
                      clusters: [msk]
                      access:
                        - {namespace: shop, from: [{namespace: checkout}]}
                """;
        Map<String, String> files = render(yaml);
        Topology topology = topology(yaml);
        Target catalog = new Target("msk", "shop", "catalog");
        Caller remote = new Caller("ams", "checkout");
        String delivery = files.keySet().stream()
                .filter(path -> path.startsWith("gitops/")
                        && path.contains("msk")
                        && files.get(path).contains("policyDefaultLocalCluster: true"))
                .findFirst()
                .orElseThrow();
        assertThat(verdict(matrix(topology, files), catalog, remote)).isEqualTo(AccessMatrix.Verdict.DENIED);

        Map<String, String> left = new TreeMap<>(files);
        left.put(
                delivery,
                files.get(delivery)
                        .replaceAll(" *policyDefaultLocalCluster: true\n", "")
                        .replace("1.19.6", version));
        assertThat(verdict(matrix(topology, left), catalog, remote)).isEqualTo(unset);
    }

    private Map<String, String> render(String yaml) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), yaml, StandardCharsets.UTF_8);
        Map<String, String> files = new TreeMap<>();
        try {
            new DkpMesh(EngineLog.SILENT)
                    .renderInMemory(RenderRequest.of(topology, dir.resolve("rendered")))
                    .files()
                    .forEach(f -> files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
        } catch (FindingsException e) {
            throw new AssertionError(e.findings().toString(), e);
        }
        return files;
    }

    private static Topology topology(String yaml) {
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), Path.of("target"), Path.of("target"))
                .topology()
                .orElseThrow();
    }

    private static AccessMatrix matrix(Topology topology, Map<String, String> files) {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        AccessMatrix matrix = new AccessEvaluator(topology, FleetObjects.read(bytes)).matrix();
        assertThat(AccessReport.markdown(matrix)).isNotEmpty();
        return matrix;
    }

    private static AccessMatrix.Verdict verdict(AccessMatrix matrix, Target target, Caller caller) {
        return matrix.targets().stream()
                .filter(t -> t.target().equals(target))
                .flatMap(t -> t.decisions().stream())
                .filter(d -> d.caller().equals(caller))
                .map(Decision::verdict)
                .findFirst()
                .orElseThrow(() -> new AssertionError(caller + " -> " + target + " not in the matrix"));
    }
}
