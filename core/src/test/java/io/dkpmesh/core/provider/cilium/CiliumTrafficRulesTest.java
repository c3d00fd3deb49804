package io.dkpmesh.core.provider.cilium;

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
 * The rule alone, on cilium meshes only: a ClusterMesh global service takes affinity
 * (annotation service.cilium.io/affinity, CiliumPlanner) and nothing else of a traffic rule.
 * validate.ProviderSeamsTest checks each field through the validator.
 */
class CiliumTrafficRulesTest {

    private static final String CILIUM = Topologies.FEDERATION
            .replace("type: federation", "type: multicluster")
            .replace("provider: istio", "provider: cilium");

    @Test
    void affinityPassesAndCanaryIsRefused() {
        assertThat(check(CILIUM, "affinity: local")).isEmpty();
        assertThat(check(CILIUM, "affinity: local, canary: {stable: v1, canary: v2, weight: 10}"))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM501", "/spec/meshes/0/traffic/0/canary"));
    }

    @Test
    void anIstioMeshIsNotItsConcern() {
        assertThat(check(Topologies.FEDERATION, "canary: {stable: v1, canary: v2, weight: 10}"))
                .isEmpty();
    }

    /** Runs the rule on {@code base} with one traffic rule on shop/catalog. */
    private static List<Finding> check(String base, String fields) {
        String yaml = base + "      traffic:\n        - {namespace: shop, service: catalog, " + fields + "}\n";
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new CiliumTrafficRules().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
