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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal committed to the repository (a pull request is untrusted input, and render runs after
 * {@code git pull}) is data to verify, never a command: whatever it names, nothing outside the tree
 * and nothing inside it is touched, and the render is refused with one finding at the journal that
 * says what to do. The attacks: {@code ..} and absolute paths, a staged replacement for the
 * repository's {@code pom.xml}, a journal of the old format, a journal of this format with made-up
 * folder keys, and a genuine journal carried into another folder (a copy or clone of the tree).
 */
class HostileJournalTest {

    @TempDir
    Path repo;

    private final DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    @Test
    void dotDotAndAbsolutePathsInACommittedJournalTouchNothing() throws Exception {
        Path outsideVictim = Files.writeString(repo.getParent().resolve(repo.getFileName() + "-victim.txt"), "keep");
        attack(
                "W ../pom.xml\nD ../pom.xml\nW ../../" + outsideVictim.getFileName() + "\nD " + outsideVictim
                        + "\nW clusters/msk/kustomization.yaml\n",
                List.of("new/../pom.xml", "old/../pom.xml"));
        assertThat(outsideVictim).hasContent("keep");
        Files.delete(outsideVictim);
    }

    @Test
    void aJournalInThisFormatWithMadeUpFolderKeysIsRefused() throws Exception {
        attack(
                "dkp-mesh write journal 2\nwritten-in (dev=fe00,ino=1) (dev=fe00,ino=2)\nR ../pom.xml\nD clusters/msk/kustomization.yaml\n",
                List.of("old/../pom.xml"));
    }

    @Test
    void aJournalWithTheRightKeysButAPathOutsideTheTreeIsRefused() throws Exception {
        Path out = rendered();
        Path tx = Files.createDirectories(out.resolve(Layout.TRANSACTION));
        // a journal that names this very folder: only its paths can refuse it
        byte[] journal = new Journal(List.of(
                        new Journal.Entry(Journal.Entry.DELETED, 0, "clusters/msk/kustomization.yaml"),
                        new Journal.Entry(Journal.Entry.REPLACED, 0, "../pom.xml")))
                .toBytes(out.toAbsolutePath(), tx);
        Files.write(out.resolve(Journal.FILE), journal);
        stage(tx, List.of("old/../pom.xml"));
        assertRefusedAndUntouched(out);
    }

    @Test
    void aGenuineJournalCarriedIntoAnotherFolderIsRefused() throws Exception {
        Path out = rendered();
        // a real transaction killed after its journal: the tree in this folder would be rolled back
        Path tx = Files.createDirectories(out.resolve(Layout.TRANSACTION));
        Files.createDirectories(tx.resolve("old/clusters/msk"));
        Files.copy(out.resolve("clusters/msk/kustomization.yaml"), tx.resolve("old/clusters/msk/kustomization.yaml"));
        Files.writeString(tx.resolve("old/clusters/msk/kustomization.yaml"), "# attacker's kustomization\n");
        Files.write(
                out.resolve(Journal.FILE),
                new Journal(List.of(new Journal.Entry(Journal.Entry.REPLACED, 0, "clusters/msk/kustomization.yaml")))
                        .toBytes(out.toAbsolutePath(), tx));
        // ... committed and checked out elsewhere: Git recreates every folder with new file keys
        Path clone = repo.resolve("clone/rendered");
        Trees.copy(out, clone);
        assertThat(new String(Files.readAllBytes(clone.resolve(Journal.FILE)), StandardCharsets.UTF_8))
                .startsWith("dkp-mesh write journal 2\nwritten-in (dev=");
        assertRefusedAndUntouched(clone);
    }

    /** Writes {@code journal} and staged files into a rendered tree's transaction folder, renders, and checks nothing moved. */
    private void attack(String journal, List<String> staged) throws Exception {
        Path out = rendered();
        Path tx = Files.createDirectories(out.resolve(Layout.TRANSACTION));
        Files.writeString(tx.resolve("journal"), journal);
        stage(tx, staged);
        assertRefusedAndUntouched(out);
    }

    private void stage(Path tx, List<String> staged) throws Exception {
        for (String file : staged) {
            Path at = tx.resolve(file).normalize();
            Files.createDirectories(at.getParent());
            Files.writeString(at, "<project>attacker's pom</project>");
        }
    }

    private void assertRefusedAndUntouched(Path out) throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<project>the user's pom</project>");
        SortedMap<String, Trees.Entry> before = Trees.snapshot(repo);
        for (int run = 0; run < 2; run++) {
            FindingsException refused = catchThrowableOfType(
                    () -> engine.render(RenderRequest.of(repo.resolve("topology.yaml"), out)), FindingsException.class);
            assertThat(refused).as("render %d", run).isNotNull();
            assertThat(refused.findings()).hasSize(1);
            Finding finding = refused.findings().get(0);
            assertThat(finding.code()).isEqualTo("DKPM901");
            assertThat(finding.file()).isEqualTo(out + "/" + Layout.TRANSACTION + "/journal");
            assertThat(finding.message())
                    .contains("does not act on it and has changed nothing")
                    .contains("delete the folder " + Layout.TRANSACTION);
            // check, validate and diff are refused the same way: the tree holds an unfinished journal
            assertThat(engine.findings(RenderRequest.of(repo.resolve("topology.yaml"), out)))
                    .extracting(Finding::code)
                    .containsExactly("DKPM901");
        }
        assertThat(repo.resolve("pom.xml")).hasContent("<project>the user's pom</project>");
        assertThat(Trees.snapshot(repo)).isEqualTo(before);
    }

    private Path rendered() throws Exception {
        Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        engine.render(RenderRequest.of(repo.resolve("topology.yaml"), out));
        return out;
    }
}
