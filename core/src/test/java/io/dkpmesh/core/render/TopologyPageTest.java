package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.ClusterScope;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOPOLOGY.md: the diagram the pull request shows, owned like every other rendered file. */
class TopologyPageTest {

    @Test
    void fleetWidePageStartsWithACommentAndSurvivesAPartialRender(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("my--topology.yaml");
        Files.writeString(topology, Topologies.FEDERATION, StandardCharsets.UTF_8);
        RenderRequest request = RenderRequest.of(topology, dir.resolve("rendered"));

        Rendered rendered = new DkpMesh(EngineLog.SILENT).renderInMemory(request);
        RenderedFile page = rendered.files().stream()
                .filter(f -> f.path().equals(Layout.TOPOLOGY_PAGE))
                .findFirst()
                .orElseThrow();

        assertThat(page.cluster()).isEmpty();
        String first = page.text().lines().findFirst().orElseThrow();
        // "--" in the file name must not end the HTML comment early
        assertThat(first)
                .startsWith("<!-- Rendered by dkp-mesh from topology \"retail\" (my-&#45;topology.yaml). Do not edit")
                .endsWith(" -->");
        assertThat(first.substring(4, first.length() - 3)).doesNotContain("--");
        assertThat(page.text())
                .contains("```mermaid\nflowchart LR\n", "| retail-federation | federation | istio | msk, spb, ams |");
        Set<String> clusters =
                rendered.topology().clusters().stream().map(Cluster::name).collect(Collectors.toSet());
        assertThat(new ClusterScope(clusters, Set.of("msk")).test(Layout.TOPOLOGY_PAGE))
                .as("a render of some clusters still rewrites the fleet-wide page")
                .isTrue();
    }

    @Test
    void aHubAndSpokeMeshNamesItsHubsAndListsManySpokesUnderTheTable(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(
                topology,
                io.dkpmesh.core.testing.Fleets.hubAndSpoke("big", "istio", 12, 2, 255),
                StandardCharsets.UTF_8);
        String page = new DkpMesh(EngineLog.SILENT)
                .renderInMemory(RenderRequest.of(topology, dir.resolve("rendered"))).files().stream()
                        .filter(f -> f.path().equals(Layout.TOPOLOGY_PAGE))
                        .findFirst()
                        .orElseThrow()
                        .text();
        assertThat(page)
                .contains("| fleet | federation | istio | hubs: c0000, c0001; 10 spokes, listed below |")
                .contains("Spokes of fleet (10; each peers with the hubs only):\n\n- c0002\n- c0003\n")
                .contains("- c0011\n")
                .contains("spokes_1[[\"10 spokes of fleet");
    }
}
