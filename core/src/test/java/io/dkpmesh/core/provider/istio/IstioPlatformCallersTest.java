package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.TopologyReader;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule alone, on the entries PlatformCallers accepts: Prometheus runs without a sidecar
 * (deckhouse modules/300-prometheus/templates/prometheus/prometheus.yaml), the ingress-nginx
 * controller has one only with enableIstioSidecar (modules/402-ingress-nginx/templates/controller/
 * controller.yaml); an entry that also names a namespace is PlatformCallers' error, not judged here.
 * validate.PlatformCallersTest checks the same through the whole validator, with positions.
 */
class IstioPlatformCallersTest {

    @Test
    void aComponentWithoutASidecarOrWithAnOptionalOneIsSaidOnceAtItsEntry() {
        assertThat(check(
                        Topologies.FEDERATION,
                        "{platform: monitoring}",
                        "{platform: ingress}",
                        "{platform: ingress-istio}"))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple("DKPM511", "/spec/meshes/0/access/0/from/0/platform"),
                        tuple("DKPM512", "/spec/meshes/0/access/0/from/1/platform"));
    }

    @Test
    void anEntryThatIsNotJustItsComponentIsLeftToPlatformCallers() {
        assertThat(check(
                        Topologies.FEDERATION,
                        "{platform: monitoring, namespace: d8-monitoring, serviceAccount: prometheus}"))
                .isEmpty();
    }

    @Test
    void aCiliumMeshIsNotItsConcern() {
        assertThat(check(
                        Topologies.FEDERATION.replace("provider: istio", "provider: cilium"), "{platform: monitoring}"))
                .isEmpty();
    }

    /** Runs the rule on {@code base} with one access rule on shop/catalog from {@code from}. */
    private static List<Finding> check(String base, String... from) {
        StringBuilder yaml = new StringBuilder(base)
                .append("      access:\n")
                .append("        - {namespace: shop, service: catalog, from: [")
                .append(String.join(", ", from))
                .append("]}\n");
        LoadedDocument document =
                YamlLoader.loadTopology("topology.yaml", yaml.toString().getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new IstioPlatformCallers().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
