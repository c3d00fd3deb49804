package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Fleets;
import io.dkpmesh.core.testing.RenderOnceChild;
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
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One render at a time per tree: renders started together into one output directory, from several
 * JVMs (OS lock) or threads of one JVM (a parallel Maven build), all succeed one after the other and
 * leave one whole tree; a run that cannot get the lock in time changes nothing and names the holder.
 */
class ConcurrentRenderTest {

    @TempDir
    Path dir;

    @Test
    void rendersFromThreeJvmsAtOnceAllSucceedAndLeaveOneWholeTree() throws Exception {
        Path a = topology("a", Fleets.federation("retail", 12));
        Path b = topology("b", Fleets.federation("wholesale", 12));
        Map<String, String> treeA = rendered(a, dir.resolve("expected-a"));
        Map<String, String> treeB = rendered(b, dir.resolve("expected-b"));
        Path out = dir.resolve("rendered");

        List<Process> children = new ArrayList<>();
        for (Path topology : List.of(a, b, a)) {
            children.add(ChildJvm.builder(
                            List.of("-XX:TieredStopAtLevel=1"),
                            RenderOnceChild.class,
                            "render",
                            topology.toString(),
                            out.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        for (Process child : children) {
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            // (the output may start with SLF4J's note that the child has no logger)
            assertThat(output).as("a render that ran beside two others").endsWith("\nrendered\n");
            assertThat(child.exitValue()).isZero();
        }
        assertThat(Trees.texts(out)).isIn(treeA, treeB);
        assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
    }

    @Test
    void rendersFromFourThreadsOfOneJvmAtOnceAllSucceedAndLeaveOneWholeTree() throws Exception {
        Path a = topology("a", Fleets.federation("retail", 8));
        Path b = topology("b", Fleets.federation("wholesale", 8));
        Map<String, String> treeA = rendered(a, dir.resolve("expected-a"));
        Map<String, String> treeB = rendered(b, dir.resolve("expected-b"));
        Path out = dir.resolve("rendered");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> renders = new ArrayList<>();
            for (Path topology : List.of(a, b, a, b)) {
                renders.add(threads.submit(() -> {
                    new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
                    return null;
                }));
            }
            for (Future<?> render : renders) {
                render.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(Trees.texts(out)).isIn(treeA, treeB);
        assertThat(out.resolve(Layout.TRANSACTION)).doesNotExist();
    }

    @Test
    void aRunThatCannotGetTheLockInTimeChangesNothingAndNamesTheHolder() throws Exception {
        Path out = dir.resolve("rendered");
        TreeWriter.write(
                out, new TreeMap<>(Map.of("a.yaml", "a".getBytes(StandardCharsets.UTF_8))), p -> true, "t", "t");
        Map<String, String> before = Trees.texts(out);
        Process holder = ChildJvm.builder(List.of(), RenderOnceChild.class, "hold", out.toString(), "3000")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("locked");
            List<String> told = new CopyOnWriteArrayList<>();
            OutputLockedException locked = catchThrowableOfType(
                    () -> TreeLock.exclusive(out, told::add, Duration.ofMillis(300), Disk.REAL),
                    OutputLockedException.class);
            assertThat(locked).isNotNull();
            assertThat(locked.code().code()).isEqualTo("DKPM904");
            assertThat(locked.getMessage()).contains("pid " + holder.pid()).contains("changed nothing");
            assertThat(told)
                    .singleElement()
                    .asString()
                    .startsWith("waiting for another dkp-mesh run (pid " + holder.pid());
            assertThat(Trees.texts(out)).isEqualTo(before);

            // a run that waits long enough gets the lock once the holder lets go
            try (TreeLock lock = TreeLock.exclusive(out, message -> {}, Duration.ofSeconds(60), Disk.REAL)) {
                assertThat(lines.readLine())
                        .as("the holder let go (did not die)")
                        .isEqualTo("released");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    private Path topology(String name, String text) throws Exception {
        Path file = dir.resolve(name).resolve("topology.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static Map<String, String> rendered(Path topology, Path out) throws Exception {
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        return Trees.texts(out);
    }
}
