package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import io.dkpmesh.core.testing.WriteLoopChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes tree A and tree B over each other in a loop and is killed (SIGKILL) after
 * delays spread over a few write cycles. "The tree" is what the next run sees: after
 * {@link TreeWriter#recover} (every write runs it first) it is exactly the whole old or the whole
 * new tree, never a mix, and a normal render afterwards leaves no {@code .dkp-mesh/tx} behind.
 */
class KillDuringWriteTest {

    static final int RUNS = 8;
    static final String TX = ".dkp-mesh/tx";

    @TempDir
    Path dir;

    @Test
    void aKilledWriteLeavesTheWholeOldOrTheWholeNewTree() throws Exception {
        Path a = topology("a", Topologies.FEDERATION);
        // B changes files, deletes a cluster's files and adds none: writes and deletes both journalled
        Path b = topology(
                "b",
                Topologies.FEDERATION
                        .replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]")
                        .replace("k8s-spb.example.com", "k8s-spb2.example.com"));
        SortedMap<String, String> treeA = rendered(a, dir.resolve("expected-a"));
        SortedMap<String, String> treeB = rendered(b, dir.resolve("expected-b"));
        assertThat(treeA).isNotEqualTo(treeB);

        // the children start together: a JVM start costs more than all the writing
        List<Process> children = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Path out = dir.resolve("rendered-" + run);
            outs.add(out);
            children.add(new ProcessBuilder(
                            java(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Xshare:auto",
                            "-XX:TieredStopAtLevel=1",
                            WriteLoopChild.class.getName(),
                            dir.resolve("expected-a").toString(),
                            dir.resolve("expected-b").toString(),
                            out.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        for (int run = 0; run < RUNS; run++) {
            Process child = children.get(run);
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).as("child output").isEqualTo("ready");
                // delays spread over 0 to ~20 ms: a write cycle takes a few ms, so kills land in
                // staging, mid-journal and between transactions
                Thread.sleep(run * 20L / RUNS, (run * 7919) % 1_000_000);
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        List<String> seen = new ArrayList<>();
        for (Path out : outs) {
            boolean journal = Files.exists(out.resolve(TX + "/journal"));
            boolean staging = Files.exists(out.resolve(TX));
            try (TreeLock lock = TreeLock.exclusive(out, message -> {})) {
                // taking the write lock rolls back what the kill left
            }
            SortedMap<String, String> after = files(out);
            assertThat(after)
                    .as("%s: after recovery the tree is the whole A or the whole B", out)
                    .isIn(treeA, treeB);
            seen.add((journal ? "journal" : staging ? "staging" : "clean") + ":" + (after.equals(treeA) ? "A" : "B"));

            // the next real render starts from there and leaves no transaction behind
            new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(a, out));
            assertThat(out.resolve(TX)).doesNotExist();
            assertThat(files(out)).isEqualTo(treeA);
        }
        System.out.println("KillDuringWriteTest: state at kill:recovered tree = " + seen);
    }

    private Path topology(String name, String text) throws Exception {
        Path file = dir.resolve(name).resolve("topology.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static SortedMap<String, String> rendered(Path topology, Path out) throws Exception {
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        return files(out);
    }

    private static SortedMap<String, String> files(Path out) {
        SortedMap<String, String> files = new TreeMap<>(Trees.contents(Trees.snapshot(out)));
        files.keySet().removeIf(path -> path.endsWith("/"));
        return files;
    }

    private static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
