package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One ModuleConfig holds the cluster's settings and the meshes' needs, merged key by key (DKPM305 on a clash). */
class ModuleSettingsTest {

    private final Findings findings = new Findings(new SourceMap("t.yaml"));

    private Map<String, Object> merge(Map<String, Object> needed, Map<String, Object> own) {
        return ModuleSettings.merge(
                needed, own, "/spec/clusters/0/moduleSettings/istio", "moduleSettings.istio", findings);
    }

    @Test
    void disjointSettingsAreUnitedWithKeysSorted() {
        Map<String, Object> merged = merge(
                Map.of("federation", Map.of("enabled", true)),
                Map.of("globalVersion", "1.25", "dataPlane", Map.of("trafficRedirectionSetupMode", "CNIPlugin")));
        assertThat(merged.keySet()).containsExactly("dataPlane", "federation", "globalVersion");
        assertThat(findings.sorted()).isEmpty();
    }

    @Test
    void nestedMapsMergeAtEveryLevel() {
        Map<String, Object> merged =
                merge(Map.of("federation", Map.of("enabled", true)), Map.of("federation", Map.of("other", 1L)));
        assertThat(merged.get("federation")).isEqualTo(Map.of("enabled", true, "other", 1L));
        assertThat(findings.sorted()).isEmpty();
    }

    @Test
    void theSameValueTwiceIsNoConflictNumbersComparedByValueAsWritten() {
        merge(Map.of("enabled", true, "port", 15443), Map.of("enabled", true, "port", 15443L));
        assertThat(findings.sorted()).isEmpty();
    }

    @Test
    void aLeafGivenDifferentlyIsRefusedWhereTheClusterSaysIt() {
        Map<String, Object> merged =
                merge(Map.of("federation", Map.of("enabled", true)), Map.of("federation", Map.of("enabled", false)));
        List<Finding> found = findings.sorted();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM305");
            assertThat(f.pointer()).isEqualTo("/spec/clusters/0/moduleSettings/istio/federation/enabled");
            assertThat(f.message()).contains("sets enabled to false").contains("need true");
        });
        assertThat(merged.get("federation")).as("the cluster's value is kept").isEqualTo(Map.of("enabled", false));
    }

    @Test
    void aMapAgainstALeafIsAConflictNamedAnObject() {
        merge(Map.of("alliance", Map.of("ingressGateway", Map.of("inlet", "NodePort"))), Map.of("alliance", "off"));
        assertThat(findings.sorted())
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("sets alliance to 'off'")
                        .contains("need an object"));
    }
}
