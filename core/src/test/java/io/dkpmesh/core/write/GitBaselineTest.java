package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.GitRepo;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output tree at a Git ref, written out as plain files: links and submodules skipped, paths confined. */
class GitBaselineTest {

    @TempDir
    Path dir;

    Path out;
    Path into;
    GitRepo repo;

    @BeforeEach
    void committed() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        out = dir.resolve("rendered");
        into = dir.resolve("target/baseline");
        Files.writeString(topology, Topologies.FEDERATION);
        Files.writeString(dir.resolve(".gitignore"), "target/\n");
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        repo = GitRepo.init(dir);
        repo.commitAll("render");
    }

    @Test
    void writesTheCommittedTreeFileForFile() throws Exception {
        String committed = repo.git("rev-parse", "HEAD").strip();
        Files.writeString(out.resolve("clusters/msk/mesh/istiofederation-spb.yaml"), "# since the commit\n");
        Files.createDirectories(into.resolve("old"));
        Files.writeString(into.resolve("old/file.yaml"), "from an earlier run\n");

        assertThat(GitBaseline.materialize(out, committed, into)).isEqualTo(into);

        // the committed bytes, not the working tree's; the folder's earlier content is gone
        repo.git("checkout", "--", "rendered");
        assertThat(Trees.texts(into)).isEqualTo(Trees.texts(out));
        assertThat(into.resolve(".dkp-mesh/manifest.json")).isRegularFile();
    }

    @Test
    void theOutputDirectoryNeedNotExistOnDisk() throws Exception {
        Path moved = dir.resolve("moved");
        Files.move(out, moved);

        GitBaseline.materialize(out, "HEAD", into);

        assertThat(Trees.texts(into)).isEqualTo(Trees.texts(moved));
    }

    @Test
    void aCommitWithoutTheOutputDirectoryIsAnEmptyBaseline() throws Exception {
        Files.createDirectories(into.resolve("clusters"));

        GitBaseline.materialize(dir.resolve("not-rendered-yet"), "HEAD", into);

        assertThat(into).isEmptyDirectory();
    }

    @Test
    void linksAndSubmodulesInTheCommitAreNeverFollowed() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "not for the baseline\n");
        Files.createSymbolicLink(out.resolve("clusters/msk/link.yaml"), secret);
        Files.createSymbolicLink(out.resolve("clusters/escape"), dir);
        String commit = repo.commitAll("links");
        // a gitlink (a submodule's commit) where a folder would be
        repo.git("update-index", "--add", "--cacheinfo", "160000," + commit + ",rendered/clusters/sub");
        repo.git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "submodule");

        GitBaseline.materialize(out, "HEAD", into);

        assertThat(into.resolve("clusters/msk/link.yaml")).doesNotExist();
        assertThat(into.resolve("clusters/escape")).doesNotExist();
        assertThat(into.resolve("clusters/sub")).doesNotExist();
        assertThat(into.resolve("clusters/msk/mesh/istiofederation-spb.yaml")).isRegularFile();
        try (Stream<Path> all = Files.walk(into)) {
            assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
        }
        assertThat(Trees.texts(into).values()).noneMatch(text -> text.contains("not for the baseline"));
    }

    @Test
    void aPathNoManifestMayNameIsNotWritten() throws Exception {
        Files.writeString(out.resolve("clusters\\..\\..\\x.yaml"), "a backslash\n");
        repo.commitAll("backslash");

        GitBaseline.materialize(out, "HEAD", into);

        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().contains("x.yaml")))
                    .containsExactly(out.resolve("clusters\\..\\..\\x.yaml"));
        }
    }

    @Test
    void aRefThatNamesNoCommitIsRefusedAndNamed() {
        assertThatThrownBy(() -> GitBaseline.materialize(out, "origin/no-such-branch", into))
                .isInstanceOfSatisfying(BaselineException.class, e -> {
                    assertThat(e.code()).isEqualTo(FindingCode.BASELINE);
                    assertThat(e.getMessage())
                            .startsWith("the Git ref 'origin/no-such-branch' names no commit in ")
                            .contains("fetch the ref");
                });
    }

    @Test
    void aRefLikeAnOptionIsNoRef() {
        assertThatThrownBy(() -> GitBaseline.materialize(out, "--output=/tmp/x", into))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("is not a Git ref");
    }

    @Test
    void anOutputDirectoryOutsideAGitWorkTreeHasNoBaseline(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> GitBaseline.materialize(elsewhere.resolve("rendered"), "HEAD", into))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("is not inside a Git work tree, so it has no baseline at 'HEAD'")
                .hasMessageContaining("(git: fatal: not a git repository");
    }

    @Test
    void theOutputDirectoryAsAFileInTheCommitIsRefused() throws Exception {
        repo.git("rm", "-r", "-q", "rendered");
        TreeWriter.deleteTree(out);
        Files.writeString(out, "a file now\n");
        repo.commitAll("a file");

        assertThatThrownBy(() -> GitBaseline.materialize(out, "HEAD", into))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("is a file, not the output directory's folder");
    }
}
