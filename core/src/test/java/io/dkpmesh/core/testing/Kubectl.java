package io.dkpmesh.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code kubectl kustomize}; skips without kubectl, except on CI where kubectl is required. */
public final class Kubectl {

    private Kubectl() {}

    /** The outcome of one build. */
    public record Build(int exitCode, String output) {}

    public static void require() {
        if (available()) {
            return;
        }
        String message = "kubectl is not on PATH: the kustomize build checks are skipped (install kubectl to run them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; on CI (CI=true) kubectl is required");
        }
        Assumptions.abort(message);
    }

    private static boolean available() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static Build kustomize(Path dir) {
        require();
        try {
            Path output = Files.createTempFile("kustomize", ".out");
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Build(process.exitValue(), text);
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
