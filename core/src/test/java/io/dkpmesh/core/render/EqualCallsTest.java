package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full mesh repeats each peer's objects in every other cluster. The renderer renders each
 * template with equal data once and hands all those files one content array, which the parse, the
 * self-check and the hashing then key by identity: what makes a 100-cluster mesh cost about what its
 * few hundred distinct objects cost.
 */
class EqualCallsTest {

    @Test
    void aPeersObjectIsRenderedOnceForEveryClusterThatHoldsIt(@TempDir Path dir) throws Exception {
        List<RenderedFile> files = render(dir);
        Map<String, RenderedFile> byPath =
                files.stream().collect(Collectors.toMap(RenderedFile::path, Function.identity()));

        assertThat(byPath.get("clusters/ams/mesh/istiofederation-spb.yaml").content())
                .isSameAs(
                        byPath.get("clusters/msk/mesh/istiofederation-spb.yaml").content());
        assertThat(byPath.get("clusters/msk/mesh/istiofederation-ams.yaml").content())
                .isNotSameAs(
                        byPath.get("clusters/msk/mesh/istiofederation-spb.yaml").content());
    }

    @Test
    void onlyFilesOfOneTemplateShareAnArray(@TempDir Path dir) throws Exception {
        // the bytes themselves are proven by the golden trees (GoldenTreesTest), rendered the same way
        List<RenderedFile> files = render(dir);
        for (RenderedFile a : files) {
            for (RenderedFile b : files) {
                if (a.content() == b.content()) {
                    assertThat(a.template()).as(a.path() + " and " + b.path()).isEqualTo(b.template());
                }
            }
        }
        assertThat(files.stream().map(RenderedFile::content).distinct().count())
                .as("some files share their array")
                .isLessThan(files.size());
    }

    private static List<RenderedFile> render(Path dir) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, Topologies.FEDERATION, StandardCharsets.UTF_8);
        return new DkpMesh(EngineLog.SILENT)
                .renderInMemory(RenderRequest.of(topology, dir.resolve("rendered")))
                .files();
    }
}
