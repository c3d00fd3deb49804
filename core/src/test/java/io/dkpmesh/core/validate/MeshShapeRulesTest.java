package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.testing.Fleets;
import io.dkpmesh.core.testing.Topologies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hubs, peer counts and mesh sizes: each finding at the line of the value at fault, and the shapes that pass. */
class MeshShapeRulesTest {

    private static List<Finding> findings(String yaml) {
        return TopologyValidatorTest.findings(yaml);
    }

    private static List<Finding> withCode(List<Finding> findings, String code) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    /** The three-member federation of {@link Topologies#FEDERATION} with hubs. */
    private static String federationWithHubs(String hubs) {
        return Topologies.FEDERATION.replace(
                "      clusters: [msk, spb, ams]\n", "      clusters: [msk, spb, ams]\n      hubs: " + hubs + "\n");
    }

    @Test
    void aHubAndSpokeFederationIsValid() {
        assertThat(findings(federationWithHubs("[msk]"))).isEmpty();
    }

    @Test
    void aHubOutsideTheMeshIsAnErrorAtItsEntry() {
        List<Finding> found = withCode(findings(federationWithHubs("[msk, mks]")), "DKPM212");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).endsWith("/hubs/1");
            assertThat(f.message()).contains("'mks'").contains("perhaps 'msk'");
            assertThat(f.line()).isGreaterThan(0);
        });
    }

    @Test
    void everyMemberAHubIsAFullMeshWarning() {
        List<Finding> found = findings(federationWithHubs("[msk, spb, ams]"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM213");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("full mesh");
        });
    }

    @Test
    void anIstioMulticlusterRefusesHubs() {
        String multicluster = Topologies.FEDERATION
                .replace("type: federation", "type: multicluster")
                .replace("      clusters: [msk, spb, ams]\n", "      clusters: [msk, spb, ams]\n      hubs: [msk]\n");
        List<Finding> found = withCode(findings(multicluster), "DKPM320");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).endsWith("/hubs");
            assertThat(f.message()).contains("remote secret").contains("federation");
        });
    }

    @Test
    void aCiliumFederationTakesHubs() {
        assertThat(findings(Fleets.hubAndSpoke("cm", "cilium", 5, 2, 255)))
                .extracting(Finding::code)
                .doesNotContain("DKPM212", "DKPM213", "DKPM320", "DKPM214");
    }

    @Test
    void fiftyPeersPassAndFiftyOneWarnAtTheMeshLine() {
        assertThat(withCode(findings(Fleets.hubAndSpoke("f", "istio", 51, 0, 255)), "DKPM214"))
                .isEmpty();
        List<Finding> found = withCode(findings(Fleets.hubAndSpoke("f", "istio", 52, 0, 255)), "DKPM214");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0");
            assertThat(f.message())
                    .contains("every member has 51 peers")
                    .contains("metadata every minute")
                    .contains("hubs: [..]");
        });
    }

    @Test
    void onlyHubsPastTheThresholdAreNamed() {
        List<Finding> found = withCode(findings(Fleets.hubAndSpoke("f", "istio", 62, 2, 255)), "DKPM214");
        assertThat(found)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("2 members (c0000, c0001) have up to 61 peers")
                        .contains("split the spokes"));
    }

    @Test
    void aThousandClusterFullMeshIsRefusedBeforeAnyPairwiseWork() {
        String fleet = Fleets.hubAndSpoke("big", "istio", 1000, 0, 255);
        long start = System.nanoTime();
        List<Finding> found = findings(fleet);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM215");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0");
            assertThat(f.message()).contains("999000 peer objects").contains("hubs");
        });
        // the later rules (subnet overlaps, trust domains by pair) would add findings or time; the schema and the
        // identity rules over 1,000 clusters take well under this on a loaded machine
        assertThat(millis).isLessThan(20_000);
    }

    @Test
    void aThousandSpokesWithFourHubsValidate() {
        List<Finding> found = findings(Fleets.hubAndSpoke("big", "istio", 1004, 4, 255));
        assertThat(found).extracting(Finding::code).containsExactly("DKPM214");
        assertThat(found.get(0).message()).contains("4 members (c0000, c0001, c0002, c0003) have up to 1003 peers");
    }

    @Test
    void aCiliumMeshLargerThanItsMaxConnectedClustersIsAnErrorAtTheMeshLine() {
        List<Finding> found = findings(Fleets.hubAndSpoke("cm", "cilium", 256, 4, 255));
        assertThat(withCode(found, "DKPM418")).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("/spec/meshes/0");
            assertThat(f.message()).contains("256 members").contains("maxConnectedClusters: 511");
        });
    }

    @Test
    void aCiliumFullMeshOf511PassesWithTheCapRaised() {
        assertThat(findings(Fleets.hubAndSpoke("cm", "cilium", 511, 0, 511)))
                .extracting(Finding::code)
                .doesNotContain("DKPM418", "DKPM215", "DKPM401")
                .contains("DKPM214");
    }

    /**
     * DKP offers an export to the exporter's IstioFederation peers only: a spoke's export of a
     * residency-bound namespace reaches the hubs, so only the hubs count as outside the allowed set.
     */
    @Test
    void aSpokesExportExposesItsNamespaceToTheHubsOnly() {
        String residency = Topologies.FEDERATION
                .replace(
                        "    - {cluster: msk, namespace: shop, service: catalog}\n",
                        "    - {cluster: spb, namespace: pii, service: profiles}\n"
                                + "  policies:\n    residency:\n      - {namespace: pii, allowedClusters: [msk, spb]}\n")
                .replace("      clusters: [msk, spb, ams]\n", "      clusters: [msk, spb, ams]\n      hubs: [%s]\n");
        assertThat(withCode(findings(residency.formatted("msk")), "DKPM503"))
                .as("spb is a spoke: its export reaches the hub msk only")
                .isEmpty();
        assertThat(withCode(findings(residency.formatted("spb")), "DKPM503"))
                .as("spb is a hub: its export reaches ams too")
                .isNotEmpty();
    }
}
