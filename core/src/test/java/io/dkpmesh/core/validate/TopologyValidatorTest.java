package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check of the foundation: a topology that breaks one rule is refused with the expected code
 * at the expected line and column; the unbroken topology passes.
 */
class TopologyValidatorTest {

    static List<Finding> findings(String yaml) {
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), Path.of("."), Path.of("."))
                .findings();
    }

    /** The providers' rules run where they always ran among the validator's own: findings keep their order. */
    @Test
    void providersRulesRunAtTheirPointsOfTheSequenceInTheRegistrysOrder() {
        assertThat(TopologyValidator.rules(Providers.validationRules(Providers.BUILT_IN)))
                .extracting(rule -> rule.getClass().getSimpleName())
                .containsExactly(
                        "IstioAllianceRules",
                        "IstioTrafficRules",
                        "CiliumTrafficRules",
                        "AccessRules",
                        "IstioAccessRules",
                        "PlatformCallers",
                        "IstioPlatformCallers",
                        "IstioPeeringRules",
                        "ResidencyRules",
                        "IstioResidencyRules",
                        "FlatNetworkRules",
                        "CiliumRules",
                        "GitopsRules",
                        "CiliumChartRules",
                        "ClusterVersionRules",
                        "IstioModuleRules");
        assertThat(TopologyValidator.rules(ProviderRules.NONE))
                .extracting(rule -> rule.getClass().getSimpleName())
                .containsExactly(
                        "AccessRules", "PlatformCallers", "ResidencyRules", "GitopsRules", "ClusterVersionRules");
    }

    @Test
    void validFederationHasNoFindings() {
        assertThat(findings(Topologies.FEDERATION)).isEmpty();
    }

    static Stream<Arguments> broken() {
        String f = Topologies.FEDERATION;
        return Stream.of(
                Arguments.of(
                        "CE member of a federation",
                        f.replace(
                                "edition: EE\n      region: ru-central\n      clusterDomain: spb",
                                "edition: CE\n      region: ru-central\n      clusterDomain: spb"),
                        "DKPM203",
                        "topology.yaml:15:16: error DKPM203 /spec/clusters/1/edition"),
                Arguments.of(
                        "member left on cluster.local",
                        f.replace("clusterDomain: ams.local", "clusterDomain: cluster.local"),
                        "DKPM301",
                        "topology.yaml:24:22: error DKPM301 /spec/clusters/2/clusterDomain"),
                Arguments.of(
                        "clusterDomain omitted means cluster.local",
                        f.replace("      clusterDomain: ams.local\n", ""),
                        "DKPM301",
                        "topology.yaml:21:7: error DKPM301 /spec/clusters/2/clusterDomain"),
                Arguments.of(
                        "two members share a trust domain",
                        f.replace("clusterDomain: spb.local", "clusterDomain: msk.local"),
                        "DKPM301",
                        "topology.yaml:17:22: error DKPM301 /spec/clusters/1/clusterDomain"),
                Arguments.of(
                        "endpoint not https",
                        f.replace(
                                "      publicDomain: k8s-ams.example.com\n",
                                "      metadataEndpoint: http://istio-metadata.k8s-ams.example.com/metadata/\n"),
                        "DKPM302",
                        "topology.yaml:25:25: error DKPM302 /spec/clusters/2/metadataEndpoint"),
                Arguments.of(
                        "two members share an endpoint",
                        f.replace(
                                "      publicDomain: k8s-ams.example.com\n",
                                "      metadataEndpoint: https://istio-metadata.k8s-msk.example.com/metadata/\n"),
                        "DKPM302",
                        "topology.yaml:25:25: error DKPM302 /spec/clusters/2/metadataEndpoint"),
                Arguments.of(
                        "no endpoint at all",
                        f.replace("      publicDomain: k8s-ams.example.com\n", ""),
                        "DKPM302",
                        "topology.yaml:21:7: error DKPM302 /spec/clusters/2"),
                Arguments.of(
                        "unknown cluster in a mesh",
                        f.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb, ams, kzn]"),
                        "DKPM202",
                        "topology.yaml:32:33: error DKPM202 /spec/meshes/0/clusters/3"),
                Arguments.of(
                        "export from a non-member",
                        f.replace("{cluster: msk, namespace", "{cluster: kzn, namespace"),
                        "DKPM202",
                        "topology.yaml:34:21: error DKPM202 /spec/meshes/0/exports/0/cluster"),
                Arguments.of(
                        "duplicate cluster name",
                        f.replace("- name: ams", "- name: msk"),
                        "DKPM201",
                        "topology.yaml:21:13: error DKPM201 /spec/clusters/2/name"),
                Arguments.of(
                        "NodePort without a port",
                        f.replace("      exports:\n", "      ingressGateway: {inlet: NodePort}\n      exports:\n"),
                        "DKPM105",
                        "topology.yaml:33:23: error DKPM105 /spec/meshes/0/ingressGateway/nodePort"),
                Arguments.of(
                        "nodePort out of range",
                        f.replace(
                                "      exports:\n",
                                "      ingressGateway: {inlet: NodePort, nodePort: 80}\n      exports:\n"),
                        "DKPM106",
                        "topology.yaml:33:51: error DKPM106 /spec/meshes/0/ingressGateway/nodePort"),
                Arguments.of(
                        "federation of one",
                        f.replace("clusters: [msk, spb, ams]", "clusters: [msk]")
                                .replace("- {cluster: msk, namespace: shop, service: catalog}", "[]")
                                .replace("      exports:\n        []\n", ""),
                        "DKPM207",
                        "topology.yaml:32:17: error DKPM207 /spec/meshes/0/clusters"),
                Arguments.of(
                        "host bits in a CIDR",
                        f.replace("podSubnetCIDR: 10.113.0.0/16", "podSubnetCIDR: 10.113.0.1/16"),
                        "DKPM205",
                        "topology.yaml:26:22: error DKPM205 /spec/clusters/2/podSubnetCIDR"),
                Arguments.of(
                        "unknown field",
                        f.replace("      region: eu-west\n", "      region: eu-west\n      regoin: eu-west\n"),
                        "DKPM104",
                        "topology.yaml:24:7: error DKPM104 /spec/clusters/2/regoin"),
                Arguments.of(
                        "bad enum",
                        f.replace("type: federation", "type: federated"),
                        "DKPM102",
                        "topology.yaml:30:13: error DKPM102 /spec/meshes/0/type"),
                Arguments.of(
                        "wrong type",
                        f.replace("podSubnetCIDR: 10.111.0.0/16", "podSubnetCIDR: [10.111.0.0/16]"),
                        "DKPM101",
                        "topology.yaml:12:22: error DKPM101 /spec/clusters/0/podSubnetCIDR"),
                Arguments.of(
                        "bad pattern",
                        f.replace("- name: ams", "- name: ../../etc"),
                        "DKPM103",
                        "topology.yaml:21:13: error DKPM103 /spec/clusters/2/name"),
                Arguments.of(
                        "missing required field",
                        f.replace("      region: eu-west\n", ""),
                        "DKPM105",
                        "topology.yaml:21:7: error DKPM105 /spec/clusters/2/region"),
                Arguments.of(
                        "duplicate key",
                        f.replace("      region: eu-west\n", "      region: eu-west\n      region: eu-north\n"),
                        "DKPM002",
                        "topology.yaml:24:7: error DKPM002 /spec/clusters/2/region"),
                Arguments.of(
                        "YAML syntax",
                        f.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb, ams"),
                        "DKPM001",
                        "topology.yaml:32:17: error DKPM001 /: YAML syntax error: the list opened with '[' here is not closed"),
                Arguments.of(
                        "a newline smuggled into a name",
                        f.replace("- name: ams", "- name: \"ams\\n\""),
                        "DKPM103",
                        "topology.yaml:21:13: error DKPM103 /spec/clusters/2/name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenTopologyIsRefusedAtTheOffendingLine(String rule, String yaml, String code, String expectedStart) {
        List<Finding> findings = findings(yaml);
        assertThat(findings).as(rule).anySatisfy(finding -> {
            assertThat(finding.code()).isEqualTo(code);
            assertThat(finding.isError()).isTrue();
            assertThat(finding.format()).startsWith(expectedStart);
        });
    }

    @Test
    void overlappingSubnetsInAFederationAreOnlyAWarning() {
        List<Finding> findings =
                findings(Topologies.FEDERATION.replace("podSubnetCIDR: 10.112.0.0/16", "podSubnetCIDR: 10.111.0.0/16"));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.isError()).isFalse();
            assertThat(f.format())
                    .startsWith(
                            "topology.yaml:19:22: warning DKPM204 /spec/clusters/1/podSubnetCIDR: 10.111.0.0/16 overlaps cluster 'msk'");
        });
    }

    @Test
    void deprecatedIstioSubdomainIsAWarning() {
        List<Finding> findings = findings(Topologies.FEDERATION.replace(
                "      publicDomain: k8s-ams.example.com\n",
                "      metadataEndpoint: https://istio.k8s-ams.example.com/metadata/\n"));
        assertThat(findings)
                .singleElement()
                .satisfies(f -> assertThat(f.format())
                        .startsWith("topology.yaml:25:25: warning DKPM304 /spec/clusters/2/metadataEndpoint"));
    }

    @Test
    void singleClusterMeshWorksOnEveryEdition() {
        for (String edition : List.of("CE", "BE", "SE", "SE+", "EE", "CSE-Lite", "CSE-Pro")) {
            String yaml = Topologies.FEDERATION
                    .replace(
                            "edition: EE\n      region: ru-central\n      clusterDomain: msk",
                            "edition: " + edition + "\n      region: ru-central\n      clusterDomain: msk")
                    .replace(
                            "  meshes:\n",
                            "  meshes:\n    - {name: local, type: single, provider: istio, clusters: [msk]}\n");
            assertThat(findings(yaml))
                    .as(edition)
                    .filteredOn(Finding::isError)
                    .allSatisfy(f -> assertThat(f.pointer()).doesNotStartWith("/spec/meshes/0"));
        }
    }

    @Test
    void everyFindingAtOnce() {
        String yaml = Topologies.FEDERATION
                .replace("edition: EE\n      region: eu-west", "edition: CE\n      region: eu-west")
                .replace("clusterDomain: spb.local", "clusterDomain: cluster.local");
        assertThat(findings(yaml)).extracting(Finding::code).containsExactly("DKPM301", "DKPM203");
    }
}
