package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import io.dkpmesh.core.pipeline.StepListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Istio reader alone (a registry of Istio only): IstioFederation pairs (DKP's istio module reads
 * them, deckhouse/deckhouse modules/110-istio) become a federation whose members' facts their peers'
 * objects tell, a cluster with only Istio objects is a single mesh, and Cilium values are no object
 * of its own. The mixed fleets are FleetImportTest's and ImportRoundTripTest's.
 */
class IstioImportTest {

    private static ImportResult importWithIstioOnly(Path fleet, Path out) {
        return new DkpMesh(EngineLog.SILENT, Suggestions.NEUTRAL, StepListener.NONE, List.of(new IstioProvider()))
                .importFleet(new ImportRequest(fleet, Optional.empty(), out));
    }

    private static void federation(Path dir, String cluster, String peer) throws IOException {
        Files.createDirectories(dir.resolve(cluster));
        Files.writeString(
                dir.resolve(cluster).resolve("federation.yaml"),
                "apiVersion: deckhouse.io/v1alpha1\nkind: IstioFederation\nmetadata: {name: " + peer + "}\n"
                        + "spec:\n  trustDomain: " + peer + ".local\n"
                        + "  metadataEndpoint: https://istio-metadata.k8s-" + peer + ".example.com/metadata/\n");
    }

    @Test
    void aPairOfIstioFederationsIsAFederationAndCiliumValuesAreNotItsToRead(@TempDir Path dir) throws IOException {
        Path fleet = dir.resolve("fleet");
        federation(fleet, "a", "b");
        federation(fleet, "b", "a");
        Files.writeString(
                fleet.resolve("a/values.yaml"),
                "cluster: {name: a, id: 1}\nclustermesh: {config: {clusters: [{name: b, port: 2379}]}}\n");
        Files.createDirectories(fleet.resolve("c"));
        Files.writeString(
                fleet.resolve("c/rule.yaml"),
                "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: web, namespace: shop}\n"
                        + "spec: {host: web.shop.svc.cluster.local}\n");

        ImportResult result = importWithIstioOnly(fleet, dir.resolve("out"));

        String topology = result.files().get("topology.yaml");
        assertThat(topology)
                .contains(
                        "\"name\": \"istio-federation\"\n      \"type\": \"federation\"\n      \"provider\": \"istio\"")
                .contains("\"clusterDomain\": \"a.local\"\n      \"publicDomain\": \"k8s-a.example.com\"")
                .contains("\"name\": \"istio-single\"")
                .contains("# PLACEHOLDER \"/spec/clusters/0/edition: EE\"")
                .contains("# PLACEHOLDER \"/spec/clusters/2/edition: CE\"")
                .doesNotContain("\"cilium\"");
        assertThat(result.files().get("report.md"))
                .contains("IstioFederation b | a/federation.yaml:1 | mapped | /spec/meshes/0/clusters &#40;b&#41;")
                .contains("a/values.yaml:1 | not expressible");
    }

    @Test
    void itReadsTwoKindsOfPeerLinkAndTheIstioModulesSettings() {
        IstioImport reader = new IstioImport();
        assertThat(reader.peers())
                .extracting(p -> p.model() + " " + p.provider() + " " + p.type())
                .containsExactly("federation istio federation", "multicluster istio multicluster");
        assertThat(reader.modules()).containsExactly("istio");
    }
}
