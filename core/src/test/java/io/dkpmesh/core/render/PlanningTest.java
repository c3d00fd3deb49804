package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Models;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan step decides the documents only: the providers' objects, the kustomizations, the topology page. */
class PlanningTest {

    @Test
    void aFederationIsPlannedWithItsKustomizationsAndTopologyPageAndNoAccessPage() {
        Topology topology = Models.federation();
        Findings findings = new Findings(new SourceMap("topology.yaml"));

        Plan plan = Planning.plan(topology, Map.of(), Providers.BUILT_IN, findings);

        assertThat(findings.hasErrors()).isFalse();
        assertThat(plan.documents())
                .extracting(Document::path)
                .contains(Layout.TOPOLOGY_PAGE, Layout.kustomization(Layout.clusterRoot("msk")))
                // ACCESS.md is the access step's, computed from the rendered objects
                .doesNotContain(Layout.ACCESS_PAGE);
        assertThat(plan.documents())
                .extracting(Document::path)
                .anyMatch(path -> path.startsWith(Layout.clusterRoot("spb")) && !path.endsWith("kustomization.yaml"));
    }
}
