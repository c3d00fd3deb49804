package io.dkpmesh.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's training run for the launcher's class-data archive: every command once, in one JVM,
 * on a copy of a bundled example, so that {@code -XX:ArchiveClassesAtExit} records the classes a
 * short run of any command loads. Not a command of the tool.
 *
 * <pre>java -XX:ArchiveClassesAtExit=dkp-mesh.jsa -cp dkp-mesh.jar io.dkpmesh.cli.Training EXAMPLE SCRATCH</pre>
 */
public final class Training {

    private Training() {}

    public static void main(String[] args) throws IOException {
        Path example = Path.of(args[0]);
        Path scratch = Path.of(args[1]).toAbsolutePath();
        copy(example, scratch);
        String topology = scratch.resolve("topology.yaml").toString();
        String output = scratch.resolve("rendered").toString();
        String reports = scratch.resolve("reports").toString();
        String state = scratch.resolve("state").toString();
        for (String command : List.of("render", "render", "check", "validate", "diff", "access", "graph", "schema")) {
            List<String> line = new ArrayList<>(List.of(
                    command,
                    "--quiet",
                    "--topology",
                    topology,
                    "--output",
                    output,
                    "--report-dir",
                    reports,
                    "--state-dir",
                    state));
            if (command.equals("schema")) {
                line.addAll(List.of(
                        "--schema-file", scratch.resolve("topology.schema.json").toString()));
            }
            int code = Main.run(line.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("training run: dkp-mesh " + command + " exited with " + code);
            }
        }
    }

    /** The example without its rendered tree or build files: the training renders it afresh. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("rendered") || relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
