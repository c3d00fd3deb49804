package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.testing.Topologies;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DKP publishes a cluster's metadata only under {@code /metadata/}: the metadata-exporter Ingress
 * routes that path and nothing else (deckhouse
 * {@code ee/modules/110-istio/templates/alliance/metadata-exporter/ingress.yaml}), and the peers'
 * discovery hooks append {@code public/public.json} to the endpoint.
 */
class MetadataEndpointPathTest {

    private static List<Finding> errors(String endpoint) {
        String topology = Topologies.FEDERATION.replace(
                "      publicDomain: k8s-ams.example.com\n", "      metadataEndpoint: " + endpoint + "\n");
        return TopologyValidatorTest.findings(topology).stream()
                .filter(Finding::isError)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://istio-metadata.k8s-ams.example.com",
                "https://istio-metadata.k8s-ams.example.com/",
                "https://istio-metadata.k8s-ams.example.com/public/",
                "https://istio-metadata.k8s-ams.example.com/metadata/public/",
                "https://istio-metadata.k8s-ams.example.com/metadata",
                "https://istio-metadata.k8s-ams.example.com:8443/metadata",
                "https://istio-metadata.k8s-ams.example.com:8443/meta/"
            })
    void aPathTheExporterNeverServesIsRefused(String endpoint) {
        assertThat(errors(endpoint)).singleElement().satisfies(f -> {
            assertThat(f.format()).startsWith("topology.yaml:25:25: error DKPM302 /spec/clusters/2/metadataEndpoint");
            assertThat(f.message()).contains("published only under /metadata/");
        });
    }

    /**
     * The README and DKPM302's own advice say the endpoint ends with /metadata/, and render writes
     * the endpoint as given: without the slash it was accepted and rendered unlike the docs.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {"https://istio-metadata.k8s-ams.example.com/metadata", "https://h.example.com:8443/metadata"})
    void theExportersPathWithoutItsTrailingSlashIsRefusedWithTheFixedEndpoint(String endpoint) {
        assertThat(errors(endpoint))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("end it with /metadata/, such as " + endpoint + "/"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://istio-metadata.k8s-ams.example.com/metadata/",
                "https://istio-metadata.k8s-ams.example.com:8443/metadata/"
            })
    void theExportersPathIsAccepted(String endpoint) {
        assertThat(errors(endpoint)).isEmpty();
    }
}
