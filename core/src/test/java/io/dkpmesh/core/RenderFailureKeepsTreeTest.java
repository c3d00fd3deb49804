package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input never costs the previous tree, and an empty start writes nothing at all. */
class RenderFailureKeepsTreeTest {

    @TempDir
    Path dir;

    @Test
    void invalidTopologyLeavesThePreviousTreeByteIdentical() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        SortedMap<String, byte[]> before = GoldenCases.files(out);

        Files.writeString(
                topology,
                Topologies.FEDERATION.replace(
                        "edition: EE\n      region: eu-west", "edition: CE\n      region: eu-west"));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("topology.yaml:22:16: error DKPM203 /spec/clusters/2/edition");

        SortedMap<String, byte[]> after = GoldenCases.files(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((path, bytes) -> assertThat(after.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void refusedTopologyWritesNothing() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(
                topology, Topologies.FEDERATION.replace("clusterDomain: ams.local", "clusterDomain: cluster.local"));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM301 /spec/clusters/2/clusterDomain");
        assertThat(out).doesNotExist();
    }

    @Test
    void aClusterLeavingTheMeshRemovesItsPeersEverywhere() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        assertThat(out.resolve("clusters/msk/mesh/istiofederation-ams.yaml")).exists();

        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));
        var summary = new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));

        assertThat(out.resolve("clusters/msk/mesh/istiofederation-ams.yaml")).doesNotExist();
        assertThat(out.resolve("clusters/ams")).doesNotExist();
        // ams: ModuleConfig, two IstioFederations, its federation gateway boundary, three kustomizations;
        // msk and spb: their IstioFederation for ams
        assertThat(summary.deleted()).isEqualTo(9);
    }

    @Test
    void renderingOnlySomeClustersLeavesTheOthersAlone() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        Files.writeString(topology, Topologies.FEDERATION.replace("k8s-ams.example.com", "k8s-ams2.example.com"));
        var summary =
                new DkpMesh(EngineLog.SILENT).render(new RenderRequest(topology, out, Optional.empty(), Set.of("msk")));
        assertThat(summary.written()).isEqualTo(1);
        assertThat(out.resolve("clusters/msk/mesh/istiofederation-ams.yaml"))
                .content()
                .contains("k8s-ams2.example.com");
        assertThat(out.resolve("clusters/spb/mesh/istiofederation-ams.yaml"))
                .content()
                .contains("k8s-ams.example.com");
    }

    @Test
    void unknownClusterInTheFilterIsAFinding() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, Topologies.FEDERATION);
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .render(new RenderRequest(topology, dir.resolve("rendered"), Optional.empty(), Set.of("kzn"))))
                .hasMessageContaining(
                        "topology.yaml: error DKPM202 /: cluster 'kzn', asked for among the clusters to render, is not in the topology; known clusters: [ams, msk, spb]");
    }
}
