package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.provider.Providers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cilium mesh renders of a traffic rule only {@code affinity} (the annotation
 * {@code service.cilium.io/affinity} on a global service: CiliumPlanner; cilium/cilium
 * Documentation/network/clustermesh/affinity.rst). Every other traffic field, which Istio would
 * render as a DestinationRule or VirtualService, used to be dropped without a word: it is refused
 * with DKPM501 at the field, saying why. A field of the access model that only Istio enforces is
 * reported on a cilium mesh too.
 */
class ProviderSeamsTest {

    private static final String TOPOLOGY = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: cm
            spec:
              clusters:
                - name: a
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                  cilium: {id: 1, install: helm, apiserver: {address: clustermesh.a.example.com, port: 2379}}
                - name: b
                  edition: CE
                  region: eu-west
                  podSubnetCIDR: 10.112.0.0/16
                  serviceSubnetCIDR: 10.223.0.0/16
                  cilium: {id: 2, install: helm, apiserver: {address: clustermesh.b.example.com, port: 2379}}
              meshes:
                - name: cm
                  type: %s
                  provider: cilium
                  clusters: %s
                  namespaces: [shop]
                  traffic:
                    - {namespace: shop, service: catalog, %s}
            """;

    private static String multicluster(String rule) {
        return TOPOLOGY.formatted("multicluster", "[a, b]", rule);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "circuitBreaker: {maxConnections: 100}",
                        "/spec/meshes/0/traffic/0/circuitBreaker",
                        "no connection limits or outlier detection"),
                Arguments.of(
                        "failover: [{from: ru-central, to: eu-west}]",
                        "/spec/meshes/0/traffic/0/failover",
                        "does not fail over by region"),
                Arguments.of(
                        "distribute: [{from: ru-central, to: {ru-central: 80, eu-west: 20}}]",
                        "/spec/meshes/0/traffic/0/distribute",
                        "no weights per region"),
                Arguments.of(
                        "canary: {stable: v1, canary: v2, weight: 10}",
                        "/spec/meshes/0/traffic/0/canary",
                        "does not split traffic between versions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aTrafficFieldCiliumDoesNotImplementIsRefusedSayingWhy(String rule, String pointer, String why) {
        List<Finding> findings = validate(multicluster("affinity: local, " + rule));

        assertThat(findings)
                .extracting(Finding::code, Finding::severity, Finding::pointer)
                .containsExactly(tuple("DKPM501", Severity.ERROR, pointer));
        assertThat(findings.get(0).message())
                .contains("has no effect in cilium mesh 'cm'", why, "put 'shop/catalog' in an istio mesh");
    }

    @Test
    void affinityAloneOnAGlobalServiceIsValid() {
        assertThat(validate(multicluster("affinity: local"))).isEmpty();
    }

    @Test
    void affinityOnASingleClusterCiliumMeshIsRefused() {
        // CiliumPlanner annotates global services of a ClusterMesh only: on a single cluster nothing is rendered
        List<Finding> findings = validate(TOPOLOGY.formatted("single", "[a]", "affinity: remote"));

        assertThat(findings)
                .extracting(Finding::code, Finding::severity, Finding::pointer)
                .containsExactly(tuple("DKPM501", Severity.ERROR, "/spec/meshes/0/traffic/0/affinity"));
        assertThat(findings.get(0).message()).contains("single cluster has no remote backends");
    }

    @Test
    void sourceIPPreservedOnACiliumMeshIsNotSilentlyIgnored() {
        String yaml = multicluster("affinity: local")
                .replace("  namespaces: [shop]\n", "  namespaces: [shop]\n      sourceIPPreserved: true\n");
        assertThat(yaml).contains("sourceIPPreserved: true");

        List<Finding> findings = validate(yaml);

        assertThat(findings)
                .extracting(Finding::code, Finding::severity, Finding::pointer)
                .containsExactly(tuple("DKPM502", Severity.WARNING, "/spec/meshes/0/sourceIPPreserved"));
        assertThat(findings.get(0).message()).contains("mesh 'cm' is cilium, so it is ignored");
    }

    private static List<Finding> validate(String yaml) {
        Path dir = Path.of("target");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), dir, dir)
                .findings();
    }
}
