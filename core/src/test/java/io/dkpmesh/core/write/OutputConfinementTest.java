package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering writes inside the output directory only, and never through a link out of it. */
class OutputConfinementTest {

    @TempDir
    Path dir;

    private final DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    /** Everything under {@code dir} except the output directory itself. */
    private SortedMap<String, byte[]> outside(Path out) {
        SortedMap<String, byte[]> files = new TreeMap<>(GoldenCases.files(dir));
        String prefix = dir.relativize(out).toString().replace('\\', '/') + "/";
        files.keySet().removeIf(path -> path.startsWith(prefix));
        return files;
    }

    @Test
    void rendersChangeNothingNextToTheOutputDirectory() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        Files.writeString(dir.resolve("README.md"), "the user's repository");
        Files.createDirectories(dir.resolve("clusters/msk"));
        Files.writeString(dir.resolve("clusters/msk/keep.yaml"), "a folder named like the tree's, outside it");
        SortedMap<String, byte[]> before = outside(out);

        engine.render(RenderRequest.of(topology, out));
        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));
        engine.render(RenderRequest.of(topology, out));

        SortedMap<String, byte[]> after = outside(out);
        after.remove("topology.yaml");
        before.remove("topology.yaml");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((path, bytes) -> assertThat(after.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void anOutputDirectoryBehindALinkIsFine() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, Topologies.FEDERATION);
        engine.render(RenderRequest.of(topology, link.resolve("rendered")));
        assertThat(real.resolve("rendered/clusters/msk/kustomization.yaml")).exists();
    }

    @Test
    void aLinkInsideTheTreeIsRefusedWithAFindingAndNothingLeavesIt(@TempDir Path elsewhere) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Path out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        engine.render(RenderRequest.of(topology, out));
        Path mesh = out.resolve("clusters/spb/mesh");
        for (Path file :
                GoldenCases.files(mesh).keySet().stream().map(mesh::resolve).toList()) {
            Files.delete(file);
        }
        Files.delete(mesh);
        Files.createSymbolicLink(mesh, elsewhere);

        assertThatThrownBy(() -> engine.render(RenderRequest.of(topology, out)))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM901")
                .hasMessageContaining("clusters/spb/mesh is a symbolic link");
        assertThat(elsewhere).isEmptyDirectory();
    }
}
