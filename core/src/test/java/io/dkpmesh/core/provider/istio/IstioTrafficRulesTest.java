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
 * The rule alone, on Istio's meshes only: a DestinationRule refuses an outlier interval below 1 ms
 * (istio manifests/charts/base/files/crd-all.gen.yaml, OutlierDetection: duration(self) >=
 * duration('1ms')), and Istio's localityLbSetting takes failover or distribute, not both.
 * validate.SemanticRulesTest checks the rest through the validator, with positions.
 */
class IstioTrafficRulesTest {

    private static final String MULTICLUSTER = Topologies.FEDERATION.replace("type: federation", "type: multicluster");

    @Test
    void anIntervalBelowOneMillisecondAndFailoverWithDistributeAreRefused() {
        assertThat(check(MULTICLUSTER, "circuitBreaker: {interval: 0s}"))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM501", "/spec/meshes/0/traffic/0/circuitBreaker/interval"));
        assertThat(
                        check(
                                MULTICLUSTER,
                                "failover: [{from: ru-central, to: eu-west}], distribute: [{from: ru-central, to: {ru-central: 50, eu-west: 50}}]"))
                .extracting(Finding::pointer)
                .containsExactly("/spec/meshes/0/traffic/0/distribute");
        assertThat(check(MULTICLUSTER, "circuitBreaker: {interval: 1ms}")).isEmpty();
    }

    @Test
    void aCiliumMeshIsNotItsConcern() {
        assertThat(check(MULTICLUSTER.replace("provider: istio", "provider: cilium"), "circuitBreaker: {interval: 0s}"))
                .isEmpty();
    }

    /** Runs the rule on {@code base} with one traffic rule on shop/catalog. */
    private static List<Finding> check(String base, String fields) {
        String yaml = base + "      traffic:\n        - {namespace: shop, service: catalog, " + fields + "}\n";
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new IstioTrafficRules().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
