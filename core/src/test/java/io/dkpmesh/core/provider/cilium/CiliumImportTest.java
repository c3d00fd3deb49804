package io.dkpmesh.core.provider.cilium;

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
 * The Cilium reader alone (a registry of Cilium only): members' Cilium values naming each other in
 * {@code clustermesh.config.clusters} (the cilium chart's values, cilium/cilium
 * install/kubernetes/cilium/values.yaml) are a ClusterMesh, a federation once a member holds a
 * deny policy, and IstioFederations are no object of its own. The mixed fleets are
 * FleetImportTest's and ImportRoundTripTest's.
 */
class CiliumImportTest {

    private static ImportResult importWithCiliumOnly(Path fleet, Path out) {
        return new DkpMesh(EngineLog.SILENT, Suggestions.NEUTRAL, StepListener.NONE, List.of(new CiliumProvider()))
                .importFleet(new ImportRequest(fleet, Optional.empty(), out));
    }

    private static void values(Path fleet, String cluster, int id, String peer) throws IOException {
        Files.createDirectories(fleet.resolve(cluster));
        Files.writeString(
                fleet.resolve(cluster).resolve("values.yaml"),
                "cluster: {name: " + cluster + ", id: " + id + "}\n"
                        + "clustermesh: {maxConnectedClusters: 511, config: {clusters: [{name: " + peer
                        + ", address: clustermesh." + peer + ".example.com, port: 2379}]}}\n");
    }

    @Test
    void membersNamingEachOtherAreAClusterMeshAndIstioFederationsAreNotItsToRead(@TempDir Path dir) throws IOException {
        Path fleet = dir.resolve("fleet");
        values(fleet, "a", 1, "b");
        values(fleet, "b", 2, "a");
        Files.writeString(
                fleet.resolve("a/federation.yaml"),
                "apiVersion: deckhouse.io/v1alpha1\nkind: IstioFederation\nmetadata: {name: b}\n"
                        + "spec: {trustDomain: b.local}\n");

        ImportResult result = importWithCiliumOnly(fleet, dir.resolve("out"));

        assertThat(result.files().get("topology.yaml"))
                .contains(
                        "\"name\": \"cilium-multicluster\"\n      \"type\": \"multicluster\"\n      \"provider\": \"cilium\"")
                .contains("\"maxConnectedClusters\": 511")
                .contains("\"cilium\":\n        \"id\": 1\n        \"install\": \"helm\"")
                .contains("\"address\": \"clustermesh.a.example.com\"")
                .doesNotContain("istio");
        assertThat(result.files().get("report.md"))
                .contains("IstioFederation b | a/federation.yaml:1 | not expressible");
    }

    @Test
    void aDenyPolicyInAMemberMakesItsClusterMeshAFederation(@TempDir Path dir) throws IOException {
        Path fleet = dir.resolve("fleet");
        values(fleet, "a", 1, "b");
        values(fleet, "b", 2, "a");
        Files.writeString(
                fleet.resolve("b/boundary.yaml"),
                "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: shop-federation-boundary,"
                        + " namespace: shop}\nspec:\n  description: 'dkp-mesh federation shop: boundary'\n"
                        + "  endpointSelector: {}\n  ingressDeny: [{fromEntities: [cluster]}]\n");

        ImportResult result = importWithCiliumOnly(fleet, dir.resolve("out"));

        assertThat(result.files().get("topology.yaml"))
                .contains("\"name\": \"shop\"\n      \"type\": \"federation\"\n      \"provider\": \"cilium\"");
        assertThat(new CiliumImport().peers())
                .extracting(p -> p.model() + " " + p.missingHalf().orElseThrow())
                .containsExactly("cilium ClusterMesh peer");
    }
}
