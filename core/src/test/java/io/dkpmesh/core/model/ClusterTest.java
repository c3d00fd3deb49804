package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cluster's derived facts: its metadata endpoint and where findings about it point, its Istio version. */
class ClusterTest {

    private static Cluster cluster(
            Optional<String> publicDomain, Optional<String> metadataEndpoint, Map<String, Object> istio) {
        return new Cluster(
                "/spec/clusters/2",
                "msk",
                Edition.EE,
                "ru-central",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                "msk.local",
                publicDomain,
                "10.0.0.0/16",
                "10.1.0.0/16",
                Optional.empty(),
                metadataEndpoint,
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty(),
                istio);
    }

    @Test
    void theMetadataEndpointIsDerivedFromThePublicDomainOnTheIstioMetadataHost() {
        Cluster derived = cluster(Optional.of("k8s-msk.example.com"), Optional.empty(), Map.of());
        assertThat(derived.effectiveMetadataEndpoint())
                .contains("https://istio-metadata.k8s-msk.example.com/metadata/");
        assertThat(derived.metadataEndpointPointer()).isEqualTo("/spec/clusters/2/publicDomain");
    }

    @Test
    void aGivenMetadataEndpointWinsOverThePublicDomain() {
        Cluster given = cluster(
                Optional.of("k8s-msk.example.com"), Optional.of("https://meta.example.com/metadata/"), Map.of());
        assertThat(given.effectiveMetadataEndpoint()).contains("https://meta.example.com/metadata/");
        assertThat(given.metadataEndpointPointer()).isEqualTo("/spec/clusters/2/metadataEndpoint");
    }

    @Test
    void withoutEitherThereIsNoEndpointAndFindingsPointAtTheCluster() {
        Cluster neither = cluster(Optional.empty(), Optional.empty(), Map.of());
        assertThat(neither.effectiveMetadataEndpoint()).isEmpty();
        assertThat(neither.metadataEndpointPointer()).isEqualTo("/spec/clusters/2");
    }

    @Test
    void theIstioVersionIsTheModulesGlobalVersionWhenItIsText() {
        assertThat(cluster(Optional.empty(), Optional.empty(), Map.of("globalVersion", "1.25"))
                        .istioVersion())
                .contains(new Version(1, 25));
        assertThat(cluster(Optional.empty(), Optional.empty(), Map.of()).istioVersion())
                .isEmpty();
        assertThat(cluster(Optional.empty(), Optional.empty(), Map.of("globalVersion", 1L))
                        .istioVersion())
                .isEmpty();
        assertThat(cluster(Optional.empty(), Optional.empty(), Map.of("globalVersion", "next"))
                        .istioVersion())
                .isEmpty();
        assertThat(cluster(Optional.empty(), Optional.empty(), Map.of()).istioSettingsPointer())
                .isEqualTo("/spec/clusters/2/moduleSettings/istio");
    }

    @Test
    void settingsAreCopiedAndCannotBeChangedAfterwards() {
        Map<String, Object> settings = new HashMap<>(Map.of("globalVersion", "1.25"));
        Cluster cluster = cluster(Optional.empty(), Optional.empty(), settings);
        settings.put("globalVersion", "1.19");
        assertThat(cluster.istioVersion()).contains(new Version(1, 25));
        assertThatThrownBy(() -> cluster.istioSettings().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cluster.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
