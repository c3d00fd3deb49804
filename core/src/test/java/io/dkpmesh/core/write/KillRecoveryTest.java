package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Fleets;
import io.dkpmesh.core.testing.RenderLoopChild;
import io.dkpmesh.core.testing.Trees;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write killed at any point is recovered by the next run: the tree is then the whole old tree or
 * the whole new one, never a mix, with no transaction left, and the run after that writes the new
 * tree. Two ways: every file-system operation of a transaction in turn, deterministically (the
 * transaction stops dead there, as under SIGKILL, through {@link FaultyDisk}), and real renders in
 * child JVMs SIGKILLed while their transaction folder exists.
 */
class KillRecoveryTest {

    @TempDir
    Path dir;

    /** Replaced, unchanged, new (in new folders), and deleted files (one folder emptied). */
    private static final SortedMap<String, byte[]> OLD = Trees.of(
            "clusters/a/kustomization.yaml", "a1",
            "clusters/a/mesh/x.yaml", "x1",
            "clusters/a/mesh/same.yaml", "same",
            "clusters/b/mesh/gone.yaml", "gone",
            "clusters/b/kustomization.yaml", "b1",
            "TOPOLOGY.md", "t1");

    private static final SortedMap<String, byte[]> NEW = Trees.of(
            "clusters/a/kustomization.yaml", "a2",
            "clusters/a/mesh/x.yaml", "x2 longer",
            "clusters/a/mesh/same.yaml", "same",
            "clusters/c/mesh/y.yaml", "y",
            "clusters/c/kustomization.yaml", "c",
            "TOPOLOGY.md", "t2");

    @Test
    void aWriteKilledAtEveryOperationIsRecoveredToTheWholeOldOrTheWholeNewTree() throws Exception {
        Map<String, String> oldTree = written(dir.resolve("old"), List.of(OLD));
        Map<String, String> newTree = written(dir.resolve("new"), List.of(OLD, NEW));
        FaultyDisk counting = FaultyDisk.counting();
        Path probe = dir.resolve("probe");
        written(probe, List.of(OLD));
        write(probe, NEW, counting);
        int operations = counting.operations();
        assertThat(operations).as("operations of the transaction").isGreaterThan(15);

        List<String> states = new ArrayList<>();
        for (int at = 0; at < operations; at++) {
            Path out = dir.resolve("killed-" + at);
            written(out, List.of(OLD));
            int kill = at;
            assertThat(catchThrowable(() -> write(out, NEW, FaultyDisk.killedAt(kill))))
                    .as("operation %d", at)
                    .isInstanceOf(FaultyDisk.Killed.class);
            boolean journal = Files.exists(out.resolve(Journal.FILE));
            boolean staged = Files.exists(out.resolve(Layout.TRANSACTION));
            try (TreeLock lock = TreeLock.exclusive(out, message -> {})) {
                assertThat(lock.rolledBack()).as("operation %d", at).isEqualTo(journal);
            }
            Map<String, String> recovered = Trees.texts(out);
            assertThat(recovered)
                    .as("killed at operation %d, then recovered", at)
                    .isIn(oldTree, newTree);
            assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
            states.add(at + (journal ? ":journal" : staged ? ":staged" : ":clean") + ":"
                    + (recovered.equals(oldTree) ? "old" : "new"));

            TreeWriter.write(out, NEW, path -> true, "test", "t");
            assertThat(Trees.texts(out))
                    .as("the run after the recovery, from operation %d", at)
                    .isEqualTo(newTree);
        }
        System.out.println("KillRecoveryTest: operation:state at kill:recovered tree = " + states);
        // the kills landed in staging (no journal yet), inside the journalled part, and after the commit point
        assertThat(states).anyMatch(s -> s.endsWith(":staged:old"));
        assertThat(states).anyMatch(s -> s.endsWith(":journal:old"));
        assertThat(states).anyMatch(s -> s.endsWith(":staged:new"));
    }

    /**
     * Real renders of a 16-cluster federation whose topology is renamed on every other run (so every
     * file changes), each SIGKILLed a few milliseconds after its transaction folder appeared: the
     * next render recovers and writes its tree whole.
     */
    @Test
    void aRealRenderKilledInsideItsWriteIsRecoveredByTheNextRender() throws Exception {
        Path a = topology("a", Fleets.federation("retail", 16));
        Path b = topology("b", Fleets.federation("wholesale", 16));
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        engine.render(RenderRequest.of(a, dir.resolve("expected-a")));
        engine.render(RenderRequest.of(b, dir.resolve("expected-b")));
        Map<String, String> treeA = Trees.texts(dir.resolve("expected-a"));
        Map<String, String> treeB = Trees.texts(dir.resolve("expected-b"));

        int runs = 6;
        List<Process> children = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path out = dir.resolve("rendered-" + run);
            outs.add(out);
            children.add(ChildJvm.builder(
                            List.of("-XX:TieredStopAtLevel=1"),
                            RenderLoopChild.class,
                            a.toString(),
                            b.toString(),
                            out.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        List<String> seen = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Process child = children.get(run);
            Path out = outs.get(run);
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).as("child output").isEqualTo("ready");
                // wait for the next transaction (even runs: its staging; odd runs: its journal), then
                // let it run for 0 to 5 ms
                Path mark = out.resolve(run % 2 == 0 ? Layout.TRANSACTION : Journal.FILE);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(mark) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Thread.sleep(run);
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            boolean journal = Files.exists(out.resolve(Journal.FILE));
            boolean staged = Files.exists(out.resolve(Layout.TRANSACTION));
            try (TreeLock lock = TreeLock.exclusive(out, message -> {})) {
                // taking the write lock rolls back what the kill left
            }
            Map<String, String> after = Trees.texts(out);
            assertThat(after)
                    .as("%s: after recovery the tree is the whole A or the whole B", out)
                    .isIn(treeA, treeB);
            seen.add((journal ? "journal" : staged ? "staged" : "clean") + ":" + (after.equals(treeA) ? "A" : "B"));

            engine.render(RenderRequest.of(b, out));
            assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
            assertThat(Trees.texts(out)).isEqualTo(treeB);
        }
        System.out.println("KillRecoveryTest: real renders, state at kill:recovered tree = " + seen);
    }

    private static void write(Path out, SortedMap<String, byte[]> files, Disk disk) throws Exception {
        try (TreeLock lock = TreeLock.exclusive(out, message -> {}, Duration.ofSeconds(5), Disk.REAL)) {
            TreeWriter.write(lock, files, path -> true, "test", "t", Optional.empty(), disk);
        }
    }

    /** The tree after writing {@code trees} in turn into a new folder. */
    private static Map<String, String> written(Path out, List<SortedMap<String, byte[]>> trees) throws Exception {
        for (SortedMap<String, byte[]> tree : trees) {
            TreeWriter.write(out, tree, path -> true, "test", "t");
        }
        return Trees.texts(out);
    }

    private Path topology(String name, String text) throws Exception {
        Path file = dir.resolve(name).resolve("topology.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
