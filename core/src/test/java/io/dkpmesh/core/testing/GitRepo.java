package io.dkpmesh.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Git repository in a test's folder, driven with the {@code git} command; author and
 * committer are set per command, never in any configuration outside the repository. Without git
 * the test is skipped, except on CI ({@code CI=true}), where git is required.
 */
public final class GitRepo {

    private final Path root;

    private GitRepo(Path root) {
        this.root = root;
    }

    /** {@code git init} in {@code root}, on branch {@code main}. */
    public static GitRepo init(Path root) {
        require();
        GitRepo repo = new GitRepo(root);
        repo.git("init", "-q", "-b", "main");
        return repo;
    }

    /** Stages everything and commits it; the new commit's hash. */
    public String commitAll(String message) {
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    /** Runs git in the repository; its output, or an assertion error with what it said. */
    public String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            hermetic(builder.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** No user or system configuration (hooks, signing, templates) and no repository but this one. */
    private static void hermetic(Map<String, String> environment) {
        environment.remove("GIT_DIR");
        environment.remove("GIT_WORK_TREE");
        environment.remove("GIT_INDEX_FILE");
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_CONFIG_GLOBAL", "/dev/null");
    }

    private static void require() {
        try {
            Process process = new ProcessBuilder("git", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String message = "git is not on PATH: the Git baseline tests are skipped (install git to run them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; on CI (CI=true) git is required");
        }
        Assumptions.abort(message);
    }
}
