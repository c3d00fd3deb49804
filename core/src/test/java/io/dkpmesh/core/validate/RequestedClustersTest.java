package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.testing.Models;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cluster asked for by name must be in the topology; the finding names the known ones. */
class RequestedClustersTest {

    @Test
    void anUnknownClusterIsOneFindingAboutTheTopologyFile() {
        Findings findings = new Findings(new SourceMap("topology.yaml"));

        RequestedClusters.check(Models.federation(), Set.of("msk", "nowhere"), findings);

        assertThat(findings.sorted()).singleElement().satisfies(finding -> {
            assertThat(finding.code()).isEqualTo(FindingCode.UNKNOWN_REFERENCE.code());
            assertThat(finding.file()).isEqualTo("topology.yaml");
            assertThat(finding.message()).contains("'nowhere'").endsWith("known clusters: [ams, msk, spb]");
        });
    }

    @Test
    void knownClustersGiveNoFinding() {
        Findings findings = new Findings(new SourceMap("topology.yaml"));

        RequestedClusters.check(Models.federation(), Set.of("msk"), findings);

        assertThat(findings.sorted()).extracting(Finding::code).isEmpty();
    }
}
