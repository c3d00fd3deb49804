package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.InMemory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A DestinationRule subset selects the endpoints of its host whose pods carry all its labels
 * (istio/api {@code networking/v1alpha3/destination_rule.proto}, Subset.labels): a subset on a
 * label the pods do not carry is empty, and the VirtualService's weight for it goes nowhere.
 */
class CanaryVersionLabelTest {

    @TempDir
    Path work;

    private static String topology(String canary) {
        return """
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: one
                spec:
                  clusters:
                    - {name: main, edition: CE, region: ru-central, podSubnetCIDR: 10.111.0.0/16, serviceSubnetCIDR: 10.222.0.0/16}
                  meshes:
                    - name: local
                      type: single
                      provider: istio
                      clusters: [main]
                      traffic:
                        - service: catalog
                          namespace: shop
                          canary: %s
                """.formatted(canary);
    }

    @Test
    void subsetsSelectThePodsByTheLabelTheyCarry() {
        JsonNode rule = InMemory.render(
                        topology("{stable: v1, canary: v2, weight: 10, versionLabel: app.kubernetes.io/version}"), work)
                .yaml("clusters/main/mesh/destinationrule-shop.catalog.yaml");
        assertThat(rule.at("/spec/subsets/0/labels").toString()).isEqualTo("{\"app.kubernetes.io/version\":\"v1\"}");
        assertThat(rule.at("/spec/subsets/1/labels").toString()).isEqualTo("{\"app.kubernetes.io/version\":\"v2\"}");
    }

    @Test
    void istiosVersionLabelByDefault() {
        JsonNode rule = InMemory.render(topology("{stable: v1, canary: v2, weight: 10}"), work)
                .yaml("clusters/main/mesh/destinationrule-shop.catalog.yaml");
        assertThat(rule.at("/spec/subsets/0/labels").toString()).isEqualTo("{\"version\":\"v1\"}");
    }
}
