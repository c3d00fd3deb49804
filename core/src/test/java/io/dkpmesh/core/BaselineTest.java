package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.UserPolicies;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.write.TreeWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree a change is judged against: its owned files as its manifest lists them, who could call
 * what in them, and no transition where nothing was rendered before.
 */
class BaselineTest {

    @Test
    void anUnchangedTreeAdmitsWhatTheRenderAdmitsAndTakesNoTransition(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        Path tree = dir.resolve("rendered");
        RenderRequest request = RenderRequest.of(topology, tree);
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        engine.render(request);
        Rendered rendered = engine.renderInMemory(request);

        Baseline baseline = Baseline.of(tree, TreeWriter.manifestOf(tree));
        Map<String, byte[]> now = Baseline.byPath(rendered);
        List<AccessMatrix> access = baseline.access(rendered, now, UserPolicies.NONE, Set.of());

        assertThat(baseline.isEmpty()).isFalse();
        assertThat(now).containsKey(Layout.ACCESS_PAGE).hasSize(rendered.files().size());
        assertThat(Baseline.admitted(access.get(0)))
                .isNotEmpty()
                .allMatch(edge -> edge.contains(" -> "))
                .isEqualTo(Baseline.admitted(access.get(1)))
                .isEqualTo(Baseline.admitted(rendered.access()));
        assertThat(baseline.transitions(rendered, now, access, new SourceMap("topology.yaml"), Providers.BUILT_IN))
                .isEmpty();
    }

    /** Whether an admitted edge ({@code caller -> target}) stays in one cluster. */
    private static boolean inCluster(String edge) {
        String[] ends = edge.split(" -> ");
        return ends[0].substring(0, ends[0].indexOf('/')).equals(ends[1].substring(0, ends[1].indexOf('/')));
    }

    /** Without a manifest nothing was rendered: a first render is no transition, whatever it changes. */
    @Test
    void aTreeWithoutAManifestIsEmptyAndAFirstRenderIsNoTransition(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        Rendered rendered = new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(topology, dir));
        Files.writeString(dir.resolve("README.md"), "not rendered\n");

        Baseline baseline = Baseline.of(dir, Optional.empty());
        Map<String, byte[]> now = Baseline.byPath(rendered);
        List<AccessMatrix> access = baseline.access(rendered, now, UserPolicies.NONE, Set.of());

        assertThat(baseline.isEmpty()).isTrue();
        // no objects link the clusters before: only a cluster's own pods reach its Services; the federation after
        assertThat(Baseline.admitted(access.get(0))).isNotEmpty().allMatch(BaselineTest::inCluster);
        assertThat(Baseline.admitted(access.get(1)))
                .containsAll(Baseline.admitted(access.get(0)))
                .anyMatch(edge -> !inCluster(edge));
        assertThat(baseline.transitions(rendered, now, access, new SourceMap("topology.yaml"), Providers.BUILT_IN))
                .isEmpty();
    }
}
