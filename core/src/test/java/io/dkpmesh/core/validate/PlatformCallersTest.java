package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform-caller rule: DKPM510 for an entry that names a component and also a namespace or
 * service account, DKPM511 for Prometheus in an Istio mesh (deckhouse
 * {@code modules/300-prometheus/templates/prometheus/prometheus.yaml} injects no sidecar), DKPM512
 * for the ingress-nginx controller in an Istio mesh (a sidecar only with {@code enableIstioSidecar},
 * deckhouse {@code modules/402-ingress-nginx/templates/controller/controller.yaml}); the
 * ingress-istio gateway is an Envoy with an identity of its own and gets none. Positions are worked
 * by hand: {@link Topologies#FEDERATION} plus one rule, whose first caller is on line 39, its
 * {@code {platform: ...}} value at column 26.
 */
class PlatformCallersTest {

    private static final String POINTER = "/spec/meshes/0/access/0/from/%d/platform";

    @TempDir
    Path dir;

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

    /** Two Cilium clusters; its one rule's caller is on line 21. */
    private static String cilium(String caller) {
        return """
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
                            - %s
                """.formatted(caller);
    }

    /** The DKPM51x findings of validating {@code topology}: code, severity, line, column, pointer. */
    private List<Finding> platformFindings(String topology) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology);
        return new DkpMesh(EngineLog.SILENT)
                .validate(RenderRequest.of(file, dir.resolve("rendered"))).stream()
                        .filter(f -> f.code().startsWith("DKPM51"))
                        .toList();
    }

    @Test
    void prometheusInAnIstioMeshIsOneDkpm511WarningAtItsPlatformValue() throws Exception {
        assertThat(platformFindings(istio("{platform: monitoring}")))
                .extracting(Finding::code, Finding::severity, Finding::line, Finding::column, Finding::pointer)
                .containsExactly(tuple("DKPM511", Severity.WARNING, 39, 26, POINTER.formatted(0)));
    }

    @Test
    void ingressNginxInAnIstioMeshIsOneDkpm512Warning() throws Exception {
        List<Finding> findings = platformFindings(istio("{cluster: msk, platform: ingress-nginx}"));
        assertThat(findings)
                .extracting(Finding::code, Finding::severity, Finding::line, Finding::column, Finding::pointer)
                .containsExactly(tuple("DKPM512", Severity.WARNING, 39, 40, POINTER.formatted(0)));
        assertThat(findings.get(0).message())
                .contains("d8-ingress-nginx/ingress-nginx")
                .contains("enableIstioSidecar: true");
    }

    @Test
    void theIngressIstioGatewayHasAnIdentityOfItsOwnAndGetsNoFinding() throws Exception {
        assertThat(platformFindings(istio("{platform: ingress-istio}"))).isEmpty();
    }

    @Test
    void ingressIsBothControllersButOneEntryGivesOneDkpm512() throws Exception {
        // ingress expands to ingress-nginx (sidecar optional) and ingress-istio (always): one warning, for nginx
        assertThat(platformFindings(istio("{platform: ingress}")))
                .extracting(Finding::code, Finding::line, Finding::column, Finding::pointer)
                .containsExactly(tuple("DKPM512", 39, 26, POINTER.formatted(0)));
    }

    @Test
    void eachEntryIsReportedAtItsOwnLine() throws Exception {
        assertThat(platformFindings(
                        istio("{platform: ingress-istio}", "{platform: monitoring}", "{platform: ingress}")))
                .extracting(Finding::code, Finding::line, Finding::pointer)
                .containsExactly(
                        tuple("DKPM511", 40, POINTER.formatted(1)), tuple("DKPM512", 41, POINTER.formatted(2)));
    }

    @Test
    void aPlatformEntryThatAlsoNamesANamespaceIsOneDkpm510ErrorAndNoSidecarWarning() throws Exception {
        assertThat(platformFindings(istio("{platform: monitoring, namespace: shop}")))
                .extracting(Finding::code, Finding::severity, Finding::line, Finding::column, Finding::pointer)
                .containsExactly(tuple("DKPM510", Severity.ERROR, 39, 26, POINTER.formatted(0)));
    }

    @Test
    void ingressWithANamespaceAndServiceAccountIsOneDkpm510NotOnePerController() throws Exception {
        // even the ingress-istio gateway's own identity: ingress is two components, the entry one caller
        assertThat(
                        platformFindings(
                                istio(
                                        "{platform: ingress, namespace: d8-ingress-istio, serviceAccount: ingress-gateway-controller}")))
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("DKPM510", 39, 26));
    }

    @Test
    void aPlatformEntryWithANamespaceIsRefusedInACiliumMeshToo() throws Exception {
        assertThat(platformFindings(cilium("{platform: monitoring, namespace: d8-monitoring}")))
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("DKPM510", 21, 26));
    }

    @Test
    void ciliumSelectsPlatformComponentsByLabelsSoNoSidecarWarning() throws Exception {
        assertThat(platformFindings(cilium("{platform: monitoring}"))).isEmpty();
        assertThat(platformFindings(cilium("{platform: ingress}"))).isEmpty();
    }

    @Test
    void namespaceCallersAreNotPlatformCallers() throws Exception {
        assertThat(platformFindings(istio("{namespace: d8-monitoring, serviceAccount: prometheus}")))
                .isEmpty();
    }

    /**
     * DKPM510's help ("names a platform component and also a namespace or serviceAccount") and the
     * schema ("Not together with namespace or serviceAccount") refuse every such entry, also one that
     * repeats the component's own namespace and service account.
     */
    @Test
    void aPlatformEntryRepeatingItsOwnNamespaceAndServiceAccountIsStillDkpm510() throws Exception {
        assertThat(platformFindings(
                        istio("{platform: monitoring, namespace: d8-monitoring, serviceAccount: prometheus}")))
                .extracting(Finding::code)
                .containsExactly("DKPM510");
    }
}
