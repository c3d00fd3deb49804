package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A no-op stops before anything needs a JSON library: in a fresh JVM it loads no class of
 * jackson-databind, networknt or FreeMarker, whose class loading alone costs a cold JVM more than
 * the no-op's own work (some 350 classes for a Jackson mapper). A static field that builds a
 * mapper in a class the no-op touches, as one once did in the manifest, fails this test.
 */
class NoOpClassesTest {

    @TempDir
    Path dir;

    @Test
    void aNoOpInAFreshJvmLoadsNoJsonSchemaOrTemplateLibrary() throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = dir.resolve("rendered");
        Path state = dir.resolve("target/dkp-mesh");
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out).withStateDirectory(state));

        Path classes = dir.resolve("classes.txt");
        ChildJvm.Result child = ChildJvm.run(
                List.of("-Xlog:class+load=info:file=" + classes),
                NoOp.class,
                topology.toString(),
                out.toString(),
                state.toString());
        assertThat(child.output()).as("the child renders through the no-op").contains("NO-OP");

        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded)
                .as("the log lists the engine's classes")
                .anyMatch(line -> line.contains("io.dkpmesh.core.DkpMesh "));
        assertThat(loaded)
                .noneMatch(line -> line.contains(" tools.jackson.databind."))
                .noneMatch(line -> line.contains(" com.networknt."))
                .noneMatch(line -> line.contains(" freemarker."));
    }

    /** The child: renders once more and says whether that was the no-op. */
    public static final class NoOp {

        public static void main(String[] args) throws Exception {
            boolean[] noOp = {false};
            EngineLog log = new EngineLog() {
                @Override
                public void debug(String message) {
                    noOp[0] |= message.startsWith("inputs and tree unchanged");
                }

                @Override
                public void info(String message) {}

                @Override
                public void warn(String message) {}
            };
            new DkpMesh(log)
                    .render(RenderRequest.of(Path.of(args[0]), Path.of(args[1])).withStateDirectory(Path.of(args[2])));
            System.out.println(noOp[0] ? "NO-OP" : "FULL RENDER");
        }
    }
}
