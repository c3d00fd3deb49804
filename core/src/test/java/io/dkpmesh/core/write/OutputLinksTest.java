package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No link in the output tree is followed, by any goal: the output directory itself, its
 * {@code .dkp-mesh} folder, the lock, and a cluster's folder. Each is refused with one DKPM901
 * finding at the link's path, by render, check, validate and diff alike, and neither the tree nor
 * where the link leads is changed or read as if it were the tree.
 */
class OutputLinksTest {

    @TempDir
    Path repo;

    @TempDir
    Path elsewhere;

    private final DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    @Test
    void aDotDkpMeshFolderThatIsALinkIsRefusedAndWhatItLeadsToIsUntouched() throws Exception {
        Path out = rendered();
        // the folder it leads to has a tx/ of its own: the old code deleted it on every render
        Files.createDirectories(elsewhere.resolve("tx/old"));
        Files.writeString(elsewhere.resolve("tx/old/precious.txt"), "not dkp-mesh's");
        Files.copy(out.resolve(Layout.MANIFEST), elsewhere.resolve("manifest.json"));
        deleteTree(out.resolve(Layout.STATE_FOLDER));
        Files.createSymbolicLink(out.resolve(Layout.STATE_FOLDER), elsewhere);

        assertEveryGoalRefuses(out, Layout.STATE_FOLDER);
    }

    @Test
    void aClusterFolderThatIsALinkIsRefusedNotReadThroughTheLink() throws Exception {
        Path out = rendered();
        // a copy of the cluster's own files behind the link: read through it, the tree would look current
        Path msk = out.resolve("clusters/msk");
        Trees.copy(msk, elsewhere.resolve("msk"));
        deleteTree(msk);
        Files.createSymbolicLink(msk, elsewhere.resolve("msk"));

        assertEveryGoalRefuses(out, "clusters/msk");
    }

    @Test
    void anOutputDirectoryThatIsItselfALinkIsRefused() throws Exception {
        Path out = rendered();
        Path real = elsewhere.resolve("rendered");
        Trees.copy(out, real);
        deleteTree(out);
        Files.createSymbolicLink(out, real);

        assertEveryGoalRefuses(out, "");
    }

    @Test
    void aLockFileThatIsALinkIsRefused() throws Exception {
        Path out = rendered();
        Path target = Files.writeString(elsewhere.resolve("target.txt"), "not a lock");
        Files.delete(out.resolve(Layout.LOCK));
        Files.createSymbolicLink(out.resolve(Layout.LOCK), target);

        assertEveryGoalRefuses(out, Layout.LOCK);
        assertThat(target).hasContent("not a lock");
    }

    private void assertEveryGoalRefuses(Path out, String at) throws Exception {
        SortedMap<String, Trees.Entry> repoBefore = Trees.snapshot(repo);
        SortedMap<String, Trees.Entry> elsewhereBefore = Trees.snapshot(elsewhere);
        RenderRequest request = RenderRequest.of(repo.resolve("topology.yaml"), out);
        String file = at.isEmpty() ? out.toString() : out + "/" + at;

        List<Finding> render = catchThrowableOfType(() -> engine.render(request), FindingsException.class)
                .findings();
        List<Finding> check = catchThrowableOfType(() -> engine.check(request), FindingsException.class)
                .findings();
        List<Finding> diff = catchThrowableOfType(() -> engine.diff(request), FindingsException.class)
                .findings();
        List<Finding> validate = engine.findings(request);

        for (List<Finding> findings : List.of(render, check, diff, validate)) {
            assertThat(findings).extracting(Finding::code).containsExactly("DKPM901");
            assertThat(findings.get(0).file()).isEqualTo(file);
            assertThat(findings.get(0).message()).contains("symbolic link");
        }
        assertThat(Trees.snapshot(repo)).isEqualTo(repoBefore);
        assertThat(Trees.snapshot(elsewhere)).isEqualTo(elsewhereBefore);
    }

    private Path rendered() throws Exception {
        Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        engine.render(RenderRequest.of(repo.resolve("topology.yaml"), out));
        return out;
    }

    private static void deleteTree(Path dir) throws Exception {
        TreeWriter.deleteTree(dir);
    }
}
