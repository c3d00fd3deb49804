package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.validate.TopologyValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GitOps tool installs the Cilium chart with the ClusterMesh values only at a pinned version
 * whose certgen Job is a plain object (cilium chart templates/clustermesh-apiserver/tls-cronjob/job.yaml:
 * a post-install/post-upgrade hook up to 1.18, cilium/cilium issue 42045); CiliumRolloutTest renders
 * the charts to prove where the line falls.
 */
class CiliumChartRulesTest {

    @Test
    void aChartFrom119OnHasAPlainCertgenJobAndARangeCountsAsNot() {
        assertThat(List.of("1.19.0", "v1.19.6", "1.20", "2.0.1", "1.19.0-rc.1"))
                .allSatisfy(version -> assertThat(CiliumChartRules.certgenIsAPlainJob(version))
                        .as(version)
                        .isTrue());
        assertThat(List.of("1.18.2", "v1.16", "0.99.0", ">=1.19.0", "1.19.x", "latest"))
                .allSatisfy(version -> assertThat(CiliumChartRules.certgenIsAPlainJob(version))
                        .as(version)
                        .isFalse());
    }

    @Test
    void aFluxDeliveryOfAClusterMeshNeedsAPinnedChartThatIsNoHook() throws Exception {
        String topology = Files.readString(GoldenCases.ROOT.resolve("gitops-flux/topology.yaml"));
        assertThat(topology).contains("cilium: {chartVersion: 1.19.6}");

        assertThat(validate(topology)).isEmpty();
        assertThat(validate(topology.replace("cilium: {chartVersion: 1.19.6}", "cilium: {chartVersion: 1.18.2}")))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM410", CiliumChartRules.CHART_VERSION));
        List<Finding> unpinned = validate(topology.replace("    cilium: {chartVersion: 1.19.6}\n", ""));
        assertThat(unpinned)
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM601", "/spec/gitops"));
        assertThat(unpinned.get(0).message())
                .startsWith("Flux installs the Cilium chart with the ClusterMesh values of mesh")
                .contains("gitops.cilium.chartVersion is not set");
    }

    private static List<Finding> validate(String yaml) {
        Path dir = Path.of("target");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), dir, dir)
                .findings();
    }
}
