package io.dkpmesh.core.access;

import static io.dkpmesh.core.access.AccessOracleTest.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Target;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers by service account and DKP platform callers, rendered and then evaluated from the rendered
 * objects. The verdicts are worked by hand from Istio's and Cilium's matching rules:
 *
 * <ul>
 *   <li>a workload's identity is {@code <trust domain>/ns/<namespace>/sa/<service account>} (istio
 *       {@code pkg/spiffe/spiffe.go}); a {@code principals} value matches it exactly, or as a prefix
 *       with a trailing {@code *} (istio {@code pilot/pkg/security/authz/model/matcher/string.go}), so
 *       {@code spb.local/ns/checkout/sa/*} admits every service account of checkout and
 *       {@code spb.local/ns/checkout/sa/cart} only cart;</li>
 *   <li>a request without a sidecar (Prometheus in d8-monitoring: deckhouse
 *       {@code modules/300-prometheus/templates/prometheus/prometheus.yaml} injects none) carries no
 *       principal, and a {@code principals} field never matches an empty principal
 *       ({@code model/generator.go}); an ALLOW policy without rules matches nothing
 *       ({@code builder/builder.go});</li>
 *   <li>every Cilium endpoint carries {@code io.cilium.k8s.policy.serviceaccount} with its pod's
 *       service account (cilium {@code pkg/k8s/apis/cilium.io/const.go}), so a
 *       {@code fromEndpoints} selector on it admits that service account only, sidecar or not.</li>
 * </ul>
 */
class AccessCallersTest {

    @TempDir
    Path dir;

    private RenderRequest request(String topology) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology);
        return RenderRequest.of(file, dir.resolve("rendered"));
    }

    private static final Target CATALOG = new Target("msk", "shop", "catalog");

    /** Topologies.FEDERATION with one rule on shop/catalog; its callers from line 39 on. */
    private static String istio(String... from) {
        StringBuilder topology = new StringBuilder(Topologies.FEDERATION)
                .append("      access:\n")
                .append("        - namespace: shop\n")
                .append("          service: catalog\n")
                .append("          from:\n");
        for (String caller : from) {
            topology.append("            - ").append(caller).append('\n');
        }
        return topology.toString();
    }

    @Test
    void aServiceAccountCallerIsOnePrincipalAndANamespaceStillAdmitsEveryServiceAccount() throws Exception {
        String topology = istio(
                "{cluster: spb, namespace: checkout, serviceAccount: cart}",
                "{cluster: ams, namespace: billing}",
                "{cluster: ams, namespace: billing, serviceAccount: invoicer}");
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        mesh.render(request(topology));
        assertThat(dir.resolve("rendered/clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml"))
                .content()
                .contains("- \"spb.local/ns/checkout/sa/cart\"")
                .contains("- \"ams.local/ns/billing/sa/*\"")
                .contains("- \"ams.local/ns/billing/sa/invoicer\"")
                .doesNotContain("spb.local/ns/checkout/sa/*");
        AccessMatrix matrix = mesh.access(request(topology));
        assertThat(decision(matrix, CATALOG, new Caller("spb", "checkout", "cart"))
                        .verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, CATALOG, new Caller("spb", "checkout")).verdict())
                .as("checkout's other service accounts: spb.local/ns/checkout/sa/<other> matches no principal")
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, CATALOG, new Caller("ams", "billing")).verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, CATALOG, new Caller("ams", "billing", "invoicer"))
                        .verdict())
                .as("the namespace entry's prefix admits every service account of billing, invoicer too")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, CATALOG, new Caller("msk", "checkout", "cart"))
                        .verdict())
                .as("cart of msk has another trust domain")
                .isEqualTo(Verdict.DENIED);
        assertThat(dir.resolve("rendered/ACCESS.md"))
                .content()
                .contains("| `spb/checkout/sa/cart` | admitted once the Service is labelled |")
                .contains("| `spb/checkout` | denied |");
    }

    static final String CILIUM = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
              clusters:
                - {name: msk, edition: CE, region: ru, clusterDomain: msk.local, podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16,
                   cilium: {install: helm, id: 1, apiserver: {address: cm.msk.example.com, port: 2379}}}
                - {name: ams, edition: CE, region: eu, clusterDomain: ams.local, podSubnetCIDR: 10.113.0.0/16, serviceSubnetCIDR: 10.224.0.0/16,
                   cilium: {install: helm, id: 2, apiserver: {address: cm.ams.example.com, port: 2379}}}
              meshes:
                - name: retail
                  type: multicluster
                  provider: cilium
                  clusters: [msk, ams]
                  namespaces: [shop]
                  access:
                    - namespace: shop
                      service: stock
                      from:
                        - {cluster: ams, namespace: shipping, serviceAccount: picker}
                        - {cluster: msk, platform: monitoring}
            """;

    @Test
    void ciliumSelectsServiceAccountsByTheEndpointLabelAndAdmitsPrometheusWithoutASidecar() throws Exception {
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        mesh.render(request(CILIUM));
        assertThat(dir.resolve("rendered/clusters/msk/mesh/ciliumnetworkpolicy-shop.retail-access-stock.yaml"))
                .content()
                .contains(
                        "{\"io.cilium.k8s.policy.cluster\": \"ams\", \"io.cilium.k8s.policy.serviceaccount\": \"picker\","
                                + " \"io.kubernetes.pod.namespace\": \"shipping\"}")
                .contains(
                        "{\"io.cilium.k8s.policy.cluster\": \"msk\", \"io.cilium.k8s.policy.serviceaccount\": \"prometheus\","
                                + " \"io.kubernetes.pod.namespace\": \"d8-monitoring\"}");
        AccessMatrix matrix = mesh.access(request(CILIUM));
        Target stock = new Target("msk", "shop", "stock");
        assertThat(decision(matrix, stock, new Caller("ams", "shipping", "picker"))
                        .verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, stock, new Caller("ams", "shipping")).verdict())
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, stock, new Caller("msk", "d8-monitoring", "prometheus"))
                        .verdict())
                .as("Cilium selects Prometheus by its labels: no sidecar needed")
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, stock, new Caller("ams", "d8-monitoring", "prometheus"))
                        .verdict())
                .as("the entry names msk's Prometheus only")
                .isEqualTo(Verdict.DENIED);
    }

    @Test
    void platformCallersExpandToTheirPrincipalsAndPrometheusCannotBeAdmittedByIstio() throws Exception {
        String topology = istio("{platform: ingress}", "{cluster: msk, platform: monitoring}");
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        var summary = mesh.render(request(topology));
        assertThat(summary.warnings().stream().map(Finding::format))
                .anySatisfy(f -> assertThat(f)
                        .contains("topology.yaml:39:26: warning DKPM512 /spec/meshes/0/access/0/from/0/platform:"))
                .anySatisfy(f -> assertThat(f)
                        .contains("topology.yaml:40:40: warning DKPM511 /spec/meshes/0/access/0/from/1/platform:"));
        assertThat(dir.resolve("rendered/clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml"))
                .content()
                .contains("- \"msk.local/ns/d8-ingress-nginx/sa/ingress-nginx\"")
                .contains("- \"ams.local/ns/d8-ingress-istio/sa/ingress-gateway-controller\"")
                .doesNotContain("d8-monitoring");
        AccessMatrix matrix = mesh.access(request(topology));
        assertThat(decision(matrix, CATALOG, new Caller("msk", "d8-ingress-istio", "ingress-gateway-controller"))
                        .verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, CATALOG, new Caller("msk", "d8-ingress-nginx", "ingress-nginx"))
                        .verdict())
                .isEqualTo(Verdict.ADMITTED);
        assertThat(decision(matrix, CATALOG, new Caller("msk", "d8-ingress-nginx"))
                        .verdict())
                .as("other service accounts of the ingress namespace")
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, CATALOG, new Caller("msk", "d8-monitoring", "prometheus"))
                        .verdict())
                .as("Prometheus presents no principal")
                .isEqualTo(Verdict.DENIED);
    }

    @Test
    void aRuleAdmittingOnlyPrometheusInIstioRendersAPolicyWithoutRules() throws Exception {
        String topology = istio("{platform: monitoring}");
        DkpMesh mesh = new DkpMesh(EngineLog.SILENT);
        mesh.render(request(topology));
        assertThat(dir.resolve("rendered/clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml"))
                .content()
                .contains("  action: ALLOW\n")
                .doesNotContain("rules:")
                .doesNotContain("from:");
        AccessMatrix matrix = mesh.access(request(topology));
        assertThat(decision(matrix, CATALOG, new Caller("msk", "d8-monitoring", "prometheus"))
                        .verdict())
                .isEqualTo(Verdict.DENIED);
        assertThat(decision(matrix, CATALOG, new Caller("msk", "shop")).verdict())
                .isEqualTo(Verdict.DENIED);
    }

    @Test
    void aPlatformCallerWithANamespaceIsRefusedAtItsLine() throws Exception {
        String topology = istio("{platform: monitoring, namespace: d8-monitoring}");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(topology)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("topology.yaml:39:26: error DKPM510 /spec/meshes/0/access/0/from/0/platform:");
    }

    @Test
    void aServiceAccountNeedsANamespace() throws Exception {
        String topology = istio("{cluster: spb, serviceAccount: cart}");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request(topology)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("/spec/meshes/0/access/0/from/0");
    }
}
