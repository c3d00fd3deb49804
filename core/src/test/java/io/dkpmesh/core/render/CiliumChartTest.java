package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.CiliumChart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The ClusterMesh values dkp-mesh renders, fed to the published Cilium chart (1.18.2 and 1.19.6 from
 * cilium/charts, in {@code shared/upstream/cilium/charts/}) with {@code helm template}, as Argo CD does. The
 * assertions are on the objects the chart produces: the Secrets that tell each member where its peers are, the
 * clustermesh-apiserver Service each member exposes, the names its server certificate is issued for, and whether
 * two renders give the same objects. docs/cilium.md walks through the same chart files.
 */
class CiliumChartTest {

    /** Three ways to be reached: a load balancer's DNS name, a node's IPv4 address, a DNS name on a node port. */
    private static final String TOPOLOGY = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: chart
            spec:
              clusters:
                - name: msk
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                  cilium: {id: 1, install: helm, apiserver: {address: clustermesh.k8s-msk.example.com}}
                - name: nsk
                  edition: CE
                  region: ru-east
                  podSubnetCIDR: 10.112.0.0/16
                  serviceSubnetCIDR: 10.223.0.0/16
                  cilium: {id: 2, install: helm, apiserver: {address: 192.0.2.10, serviceType: NodePort, port: 32379}}
                - name: ekb
                  edition: CE
                  region: ru-ural
                  podSubnetCIDR: 10.113.0.0/16
                  serviceSubnetCIDR: 10.224.0.0/16
                  cilium: {id: 3, install: helm, apiserver: {address: clustermesh.k8s-ekb.example.com, serviceType: NodePort, port: 30379}}
              meshes:
                - name: logistics
                  type: multicluster
                  provider: cilium
                  clusters: [msk, nsk, ekb]
                  namespaces: [shop]
            """;

    private static final List<String> MEMBERS = List.of("msk", "nsk", "ekb");
    static final List<String> VERSIONS = CiliumChart.VERSIONS;

    /** Each member's values file, rendered once by dkp-mesh (gitops none). */
    private static final Map<String, Path> VALUES = new TreeMap<>();
    /**
     * A schedule makes the chart render the certgen job spec (tls-cronjob/_job-spec.tpl) as a CronJob too, which
     * helm template shows in every version; the one-shot Job is a Helm hook in 1.18 and left out of the output.
     */
    private static Path schedule;

    @BeforeAll
    static void renderValues(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY, StandardCharsets.UTF_8);
        Rendered rendered;
        try {
            rendered =
                    new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(topology, dir.resolve("rendered")));
        } catch (FindingsException e) {
            throw new AssertionError(e.findings().toString(), e);
        }
        for (RenderedFile file : rendered.files()) {
            for (String member : MEMBERS) {
                if (file.path().equals("clusters/" + member + "/cilium/clustermesh-values.yaml")) {
                    VALUES.put(member, Files.write(dir.resolve(member + "-values.yaml"), file.content()));
                }
            }
        }
        assertThat(VALUES).containsOnlyKeys(MEMBERS);
        schedule = Files.writeString(
                dir.resolve("schedule.yaml"),
                "clustermesh: {apiserver: {tls: {auto: {schedule: \"0 0 1 */4 *\"}}}}\n"
                        + "hubble: {tls: {auto: {schedule: \"0 0 1 */4 *\"}}}\n");
    }

    /** The member's chart objects, with the certgen CronJobs. */
    private static List<Map<String, Object>> chart(String version, String member) {
        return CiliumChart.template(version, VALUES.get(member), schedule);
    }

    /**
     * Defects 1 and 2. A peer given by address is dialled at https://address:port
     * (templates/clustermesh-config/_helpers.tpl, clustermesh-config-generate-etcd-cfg; with KVStoreMesh on, the
     * default, the remote endpoints are in Secret cilium-kvstoremesh, templates/clustermesh-config/kvstoremesh-secret.yaml).
     * That port must be the one the peer's Service serves (templates/clustermesh-apiserver/service.yaml: port 2379,
     * the node port with NodePort) and that host a name of the peer's server certificate
     * (templates/clustermesh-apiserver/tls-cronjob/_job-spec.tpl: clustermesh-apiserver.cilium.io, *.mesh.cilium.io,
     * the Service name, extraDnsNames, extraIpAddresses). A peer given by IPs is dialled at <name>.mesh.cilium.io,
     * which the deployment's hostAliases map to those IPs (templates/clustermesh-apiserver/deployment.yaml).
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void everyPeerIsDialledWhereItServesUnderANameItsCertificateHas(String version) {
        Map<String, List<Map<String, Object>>> charts = new TreeMap<>();
        MEMBERS.forEach(member -> charts.put(member, chart(version, member)));

        for (String member : MEMBERS) {
            Map<String, String> endpoints = decoded(secretData(charts.get(member), "cilium-kvstoremesh"));
            List<String> peers = MEMBERS.stream().filter(m -> !m.equals(member)).toList();
            assertThat(endpoints).as("peers of %s", member).containsOnlyKeys(peers);
            for (String peer : peers) {
                URI dialled = URI.create(firstEndpoint(endpoints.get(peer)));
                assertThat(dialled.getPort())
                        .as("%s dials %s at %s", member, peer, dialled)
                        .isEqualTo(servedPort(charts.get(peer)));
            }
            for (String peer : peers) {
                URI dialled = URI.create(firstEndpoint(endpoints.get(peer)));
                List<String> names = serverCertificateNames(charts.get(peer));
                if (dialled.getHost().equals(peer + ".mesh.cilium.io")) {
                    assertThat(names).contains("*.mesh.cilium.io");
                    assertThat(hostAliases(charts.get(member)))
                            .as("%s resolves %s", member, dialled.getHost())
                            .containsEntry(dialled.getHost(), "192.0.2.10");
                } else {
                    assertThat(names)
                            .as("names of %s's server certificate, dialled by %s", peer, member)
                            .contains(dialled.getHost());
                }
            }
        }
        // each member's certificate also names its own IPv4 address, for clients that dial it directly
        assertThat(serverCertificateNames(charts.get("nsk"))).contains("192.0.2.10");
        assertThat(service(charts.get("msk")).get("type")).isEqualTo("LoadBalancer");
    }

    /**
     * Defect 3. Argo CD renders with helm template, where lookup returns nothing; with the default method helm
     * cilium.ca.setup (templates/_helpers.tpl) then generates a new CA, and Secret cilium-ca
     * (templates/cilium-ca-secret.yaml) and the server certificate (tls-helm/server-secret.yaml) change in every
     * render. With the rendered values the certificates are made in the cluster by certgen from the existing
     * Secret cilium-ca (tls-cronjob/_job-spec.tpl: --ca-reuse-secret, --ca-generate=false), so two renders agree.
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void twoRendersGiveTheSameObjectsAndGenerateNoCa(String version) {
        for (String member : MEMBERS) {
            String first = CiliumChart.templateText(version, VALUES.get(member));
            String second = CiliumChart.templateText(version, VALUES.get(member));

            assertThat(second).as("%s rendered twice", member).isEqualTo(first);
            List<Map<String, Object>> objects = CiliumChart.objects(first);
            assertThat(CiliumChart.find(objects, "Secret", "cilium-ca"))
                    .as("a CA generated by the render")
                    .isEmpty();
            assertThat(CiliumChart.find(objects, "Secret", "clustermesh-apiserver-server-cert"))
                    .isEmpty();
            assertThat(first).doesNotContain("cilium.io/helm-template-non-idempotent");
            List<List<String>> certgens = chart(version, member).stream()
                    .filter(o -> "CronJob".equals(o.get("kind")))
                    .map(CiliumChartTest::args)
                    .toList();
            // one for clustermesh-apiserver, one for Hubble: both sign with the shared CA and never make one
            assertThat(certgens)
                    .hasSize(2)
                    .allSatisfy(args -> assertThat(args)
                            .contains("--ca-generate=false", "--ca-reuse-secret", "--ca-secret-name=cilium-ca"));
        }
    }

    /** Why defect 3 needed the values: the chart's defaults make a new CA in every helm template. */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void withTheChartsDefaultMethodEveryRenderMakesANewCa(String version, @TempDir Path dir) throws Exception {
        Path values = Files.writeString(dir.resolve("values.yaml"), """
                cluster: {name: msk, id: 1}
                clustermesh:
                  useAPIServer: true
                  config:
                    enabled: true
                    clusters: [{name: ekb, address: clustermesh.k8s-ekb.example.com, port: 2379}]
                """);
        List<Map<String, Object>> first = CiliumChart.template(version, values);
        List<Map<String, Object>> second = CiliumChart.template(version, values);

        Map<String, Object> firstCa =
                CiliumChart.find(first, "Secret", "cilium-ca").orElseThrow();
        Map<String, Object> secondCa =
                CiliumChart.find(second, "Secret", "cilium-ca").orElseThrow();
        assertThat(firstCa.get("data")).isNotEqualTo(secondCa.get("data"));
        // and the apiserver Service is the chart's NodePort 32379, whatever port the peers were told
        assertThat(service(first)).containsEntry("type", "NodePort");
        assertThat(ports(first).get(0)).containsEntry("nodePort", 32379);
    }

    // ---- reading the chart's objects -------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(List<Map<String, Object>> objects) {
        return (Map<String, Object>) CiliumChart.find(objects, "Service", "clustermesh-apiserver")
                .orElseThrow()
                .get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ports(List<Map<String, Object>> objects) {
        return (List<Map<String, Object>>) service(objects).get("ports");
    }

    /** What a client outside the cluster reaches: the node port with NodePort, else the Service port. */
    private static int servedPort(List<Map<String, Object>> objects) {
        Map<String, Object> port = ports(objects).get(0);
        return (Integer) ("NodePort".equals(service(objects).get("type")) ? port.get("nodePort") : port.get("port"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> secretData(List<Map<String, Object>> objects, String name) {
        return (Map<String, String>)
                CiliumChart.find(objects, "Secret", name).orElseThrow().get("data");
    }

    private static Map<String, String> decoded(Map<String, String> data) {
        Map<String, String> decoded = new TreeMap<>();
        data.forEach((key, value) ->
                decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    @SuppressWarnings("unchecked")
    private static String firstEndpoint(String etcdConfig) {
        Map<String, Object> config =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(etcdConfig);
        return ((List<String>) config.get("endpoints")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        Map<String, Object> spec = (Map<String, Object>) workload.get("spec");
        if ("CronJob".equals(workload.get("kind"))) {
            spec = (Map<String, Object>) ((Map<String, Object>) spec.get("jobTemplate")).get("spec");
        }
        return (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> job) {
        Map<String, Object> container =
                ((List<Map<String, Object>>) podSpec(job).get("containers")).get(0);
        return (List<String>) container.get("args");
    }

    /** The hosts certgen issues clustermesh-apiserver-server-cert for (its CILIUM_CERTGEN_CONFIG). */
    @SuppressWarnings("unchecked")
    private static List<String> serverCertificateNames(List<Map<String, Object>> objects) {
        Map<String, Object> job = CiliumChart.find(objects, "CronJob", "clustermesh-apiserver-generate-certs")
                .orElseThrow();
        Map<String, Object> container =
                ((List<Map<String, Object>>) podSpec(job).get("containers")).get(0);
        String config = ((List<Map<String, Object>>) container.get("env"))
                .stream()
                        .filter(e -> "CILIUM_CERTGEN_CONFIG".equals(e.get("name")))
                        .map(e -> e.get("value").toString())
                        .findFirst()
                        .orElseThrow();
        List<Map<String, Object>> certs = (List<Map<String, Object>>)
                ((Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(config)).get("certs");
        Map<String, Object> server = certs.stream()
                .filter(c -> "clustermesh-apiserver-server-cert".equals(c.get("name")))
                .findFirst()
                .orElseThrow();
        return new ArrayList<>((List<String>) server.get("hosts"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> hostAliases(List<Map<String, Object>> objects) {
        Map<String, String> aliases = new TreeMap<>();
        List<Map<String, Object>> entries =
                (List<Map<String, Object>>) podSpec(CiliumChart.find(objects, "Deployment", "clustermesh-apiserver")
                                .orElseThrow())
                        .get("hostAliases");
        for (Map<String, Object> entry : entries == null ? List.<Map<String, Object>>of() : entries) {
            ((List<String>) entry.get("hostnames"))
                    .forEach(name -> aliases.put(name, entry.get("ip").toString()));
        }
        return aliases;
    }
}
