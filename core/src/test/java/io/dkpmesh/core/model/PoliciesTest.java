package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Residency: a namespace's data stays on the listed clusters, or on clusters with all the labels. */
class PoliciesTest {

    private static Cluster cluster(String name, Map<String, String> labels) {
        return new Cluster(
                "/spec/clusters/0",
                name,
                Edition.EE,
                "r",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                labels,
                "cluster.local",
                Optional.empty(),
                "",
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty(),
                Map.of());
    }

    @Test
    void listedClustersWinOverLabels() {
        Policies.Residency residency = new Policies.Residency("/p", "pii", List.of("msk"), Map.of("region", "ru"));
        assertThat(residency.allows(cluster("msk", Map.of()))).isTrue();
        assertThat(residency.allows(cluster("spb", Map.of("region", "ru"))))
                .as("labels are not consulted when clusters are listed")
                .isFalse();
    }

    @Test
    void everyLabelMustMatch() {
        Policies.Residency residency =
                new Policies.Residency("/p", "pii", List.of(), Map.of("region", "ru", "tier", "gold"));
        assertThat(residency.allows(cluster("a", Map.of("region", "ru", "tier", "gold", "x", "y"))))
                .isTrue();
        assertThat(residency.allows(cluster("b", Map.of("region", "ru")))).isFalse();
        assertThat(residency.allows(cluster("c", Map.of("region", "ru", "tier", "silver"))))
                .isFalse();
    }

    @Test
    void aResidencyNamingNeitherAllowsEveryCluster() {
        assertThat(new Policies.Residency("/p", "pii", List.of(), Map.of()).allows(cluster("any", Map.of())))
                .isTrue();
    }
}
