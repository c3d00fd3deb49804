package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file system refusing a write (a full disk, an immutable file) is the user's to fix, not a
 * defect: one DKPM903 finding names the path and the operating system's reason, and the previous
 * tree stands, byte for byte, with no transaction left. Three ways: a stand-in disk that is full
 * from each file creation of a transaction on; an immutable file ({@code chattr +i}) that render
 * must replace; and a real 64 KiB tmpfs, where this machine lets the test mount one.
 */
class WriteFailuresTest {

    @TempDir
    Path dir;

    private static final SortedMap<String, byte[]> OLD = Trees.of(
            "clusters/a/kustomization.yaml", "a1", "clusters/a/mesh/x.yaml", "x1", "clusters/b/mesh/gone.yaml", "gone");
    private static final SortedMap<String, byte[]> NEW = Trees.of(
            "clusters/a/kustomization.yaml", "a2", "clusters/a/mesh/x.yaml", "x2", "clusters/c/mesh/y.yaml", "y");

    @Test
    void aDiskThatFillsUpAtAnyWriteLeavesThePreviousTreeAndSaysWhy() throws Exception {
        FaultyDisk counting = FaultyDisk.counting();
        Path probe = dir.resolve("probe");
        TreeWriter.write(probe, OLD, p -> true, "test", "t");
        write(probe, NEW, counting);
        int operations = counting.operations();
        int refused = 0;
        for (int at = 0; at < operations; at++) {
            Path out = dir.resolve("full-" + at);
            TreeWriter.write(out, OLD, p -> true, "test", "t");
            Map<String, String> before = Trees.texts(out);
            int from = at;
            OutputIoException failed =
                    catchThrowableOfType(() -> write(out, NEW, FaultyDisk.fullFrom(from)), OutputIoException.class);
            if (failed == null) {
                // no file was created from this operation on (only moves and deletes were left)
                assertThat(Trees.texts(out)).isEqualTo(Trees.texts(probe));
                continue;
            }
            refused++;
            assertThat(failed.code().code()).isEqualTo("DKPM903");
            assertThat(failed.getMessage())
                    .as("operation %d", at)
                    .startsWith("writing " + failed.path() + " failed: No space left on device; nothing was changed");
            assertThat(failed.path())
                    .as("operation %d names the file it could not write", at)
                    .isNotEmpty();
            assertThat(Trees.texts(out)).as("operation %d", at).isEqualTo(before);
            assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
        }
        assertThat(refused).isGreaterThan(5);
    }

    @Test
    void anImmutableFileThatRenderMustReplaceIsAFindingAndTheTreeStands() throws Exception {
        assumeTrue(run("chattr", "--help") >= 0, "chattr is not installed");
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = dir.resolve("rendered");
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        engine.render(RenderRequest.of(topology, out));
        Path pinned = out.resolve("clusters/msk/mesh/istiofederation-spb.yaml");
        assumeTrue(
                run("chattr", "+i", pinned.toString()) == 0, "this file system or user cannot set the immutable flag");
        try {
            Map<String, String> before = Trees.texts(out);
            Files.writeString(topology, Topologies.FEDERATION.replace("k8s-spb.example.com", "k8s-spb2.example.com"));
            FindingsException refused =
                    catchThrowableOfType(() -> engine.render(RenderRequest.of(topology, out)), FindingsException.class);
            assertThat(refused).isNotNull();
            Finding finding = refused.findings().get(0);
            assertThat(refused.findings()).hasSize(1);
            assertThat(finding.code()).isEqualTo("DKPM903");
            assertThat(finding.file()).isEqualTo(out + "/clusters/msk/mesh/istiofederation-spb.yaml");
            assertThat(finding.message())
                    .contains("Operation not permitted")
                    .contains("nothing was changed: the previous tree was restored");
            assertThat(Trees.texts(out)).isEqualTo(before);
            assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
        } finally {
            run("chattr", "-i", pinned.toString());
        }
    }

    @Test
    void aRealFullFileSystemIsAFindingAndTheTreeStands() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString()) == 0,
                "this machine does not let the test mount a 512 KiB tmpfs (needs root); the stand-in disk covers it");
        try {
            Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
            Path out = mount.resolve("rendered");
            DkpMesh engine = new DkpMesh(EngineLog.SILENT);
            engine.render(RenderRequest.of(topology, out));
            Map<String, String> before = Trees.texts(out);
            // a fleet of many more files cannot fit in what is left
            Files.writeString(topology, io.dkpmesh.core.testing.Fleets.federation("retail", 12));
            FindingsException refused =
                    catchThrowableOfType(() -> engine.render(RenderRequest.of(topology, out)), FindingsException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.findings()).extracting(Finding::code).containsExactly("DKPM903");
            Finding finding = refused.findings().get(0);
            assertThat(finding.message()).contains("failed: No space left on device; nothing was changed");
            assertThat(finding.file()).startsWith(out + "/");
            assertThat(Trees.texts(out)).isEqualTo(before);
            assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
        } finally {
            run("umount", mount.toString());
        }
    }

    private static void write(Path out, SortedMap<String, byte[]> files, Disk disk) throws Exception {
        try (TreeLock lock = TreeLock.exclusive(out, message -> {}, Duration.ofSeconds(5), Disk.REAL)) {
            TreeWriter.write(lock, files, path -> true, "test", "t", Optional.empty(), disk);
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
