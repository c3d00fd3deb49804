package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.UpstreamSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The inlets are the istio module's own words: deckhouse/deckhouse
 * modules/110-istio/openapi/config-values.yaml, {@code alliance.ingressGateway.inlet}, which the
 * module reads to expose the ingress gateway.
 */
class IngressGatewayTest {

    @Test
    void theInletsAreTheIstioModulesEnumAndItsDefault() {
        Path file =
                UpstreamSchemas.sharedDir().resolve("upstream/deckhouse/modules/110-istio/openapi/config-values.yaml");
        JsonNode inlet = UpstreamSchemas.loadYaml(file)
                .get(0)
                .path("properties")
                .path("alliance")
                .path("properties")
                .path("ingressGateway")
                .path("properties")
                .path("inlet");
        List<String> values = new ArrayList<>();
        inlet.path("enum").forEach(v -> values.add(v.asString()));
        assertThat(values).containsExactlyInAnyOrder(IngressGateway.LOAD_BALANCER, IngressGateway.NODE_PORT);
        assertThat(inlet.path("default").asString()).isEqualTo(IngressGateway.LOAD_BALANCER);
    }
}
