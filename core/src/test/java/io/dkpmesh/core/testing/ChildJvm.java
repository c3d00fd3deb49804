package io.dkpmesh.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own, with this test JVM's java and class path: for what one
 * JVM cannot show about itself (a security manager it installs, the classes a cold run loads).
 */
public final class ChildJvm {

    /** How the child ended, and what it printed (standard output and error together). */
    public record Result(int exit, String output) {}

    private ChildJvm() {}

    /** This test JVM's java command. */
    public static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A process builder for {@code main} in a JVM of its own, with this JVM's class path. */
    public static ProcessBuilder builder(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    public static Result run(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        Process process =
                builder(jvmOptions, main, args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM ran for more than a minute:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
