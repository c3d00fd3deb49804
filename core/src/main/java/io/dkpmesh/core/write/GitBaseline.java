package io.dkpmesh.core.write;

import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.layout.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The output tree as a Git commit holds it, written into a folder of its own: the baseline a
 * change is judged against when the working tree already holds the new state (a pull request's
 * branch). Read with the {@code git} command, never a shell: {@code ls-tree} names the files,
 * {@code cat-file --batch} reads them. Only regular files are written; a link or a submodule in the
 * commit is skipped, never followed, and so is a path that fails the confinement of a manifest's.
 */
public final class GitBaseline {

    /** How long one git command may take: a baseline is read from the local object store, never fetched. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** More than any rendered tree holds: a bound on what is read into memory, not a limit users meet. */
    static final long MAX_BYTES = 256L << 20;

    private static final int MAX_ERROR_BYTES = 4096;

    /** Environment variables that would point git at another repository than the output directory's. */
    private static final List<String> REDIRECTING = List.of(
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_COMMON_DIR",
            "GIT_NAMESPACE");

    private static final String REGULAR = "100644";
    private static final String EXECUTABLE = "100755";

    private GitBaseline() {}

    /**
     * Writes the files of {@code outputDirectory} as the commit {@code ref} names them into
     * {@code into}, which is emptied first. A commit without the output directory gives an empty
     * folder: everything is new.
     *
     * @param outputDirectory the output directory, inside a Git work tree; it need not exist on disk
     * @param ref             a branch, tag, commit or any revision {@code git rev-parse} knows
     * @param into            a folder of the build's own; its content is replaced
     * @return {@code into}
     * @throws BaselineException when the ref, the work tree or git is missing, or the output
     *                           directory's path is a file in the commit
     */
    public static Path materialize(Path outputDirectory, String ref, Path into) throws OutputTreeException {
        Objects.requireNonNull(ref, "ref");
        Path output = outputDirectory.toAbsolutePath().normalize();
        Path root = into.toAbsolutePath().normalize();
        if (ref.isEmpty() || ref.startsWith("-") || ref.chars().anyMatch(Character::isISOControl)) {
            throw new BaselineException(Text.quote(ref)
                    + " is not a Git ref: name a branch, tag or commit, such as origin/main or a commit hash");
        }
        // git starts from the nearest folder that exists: a tree not yet rendered on this branch has none
        Path existing = output;
        Deque<String> below = new ArrayDeque<>();
        while (!Files.isDirectory(existing) && existing.getParent() != null) {
            below.push(existing.getFileName().toString());
            existing = existing.getParent();
        }
        Git where = git(existing, ref, "rev-parse", "--show-toplevel", "--show-prefix");
        String[] lines = where.text().split("\n", -1);
        if (where.exit() != 0 || lines.length < 2 || lines[0].isEmpty()) {
            throw new BaselineException("the output directory " + output + " is not inside a Git work tree, so it"
                    + " has no baseline at " + Text.quote(ref) + where.said());
        }
        StringBuilder prefix = new StringBuilder(lines[1]);
        while (!below.isEmpty()) {
            prefix.append(below.pop()).append('/');
        }
        Path top = Path.of(lines[0]);
        Git commit = git(top, ref, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (commit.exit() != 0) {
            throw new BaselineException("the Git ref " + Text.quote(ref) + " names no commit in " + top
                    + "; name a branch, tag or commit the repository has (a shallow clone or a single-branch"
                    + " checkout lacks the others: fetch the ref, or clone with the full history)");
        }
        List<Entry> entries = files(top, ref, commit.text().strip(), prefix.toString());
        write(top, ref, entries, root);
        return into;
    }

    /** Deletes a baseline folder and everything in it, links as links; what cannot be deleted stays. */
    public static void discard(Path into) {
        try {
            TreeWriter.deleteTree(into);
        } catch (IOException e) {
            // a temporary folder: the system's cleanup takes what is left
        }
    }

    /** A file of the output directory in the commit: its path below the output directory and its blob. */
    private record Entry(String path, String blob) {}

    /** The regular files under {@code prefix} (a folder path in the commit ending with {@code /}, or empty). */
    private static List<Entry> files(Path top, String ref, String commit, String prefix) throws BaselineException {
        List<String> command = new ArrayList<>(List.of("ls-tree", "-r", "-z", "--full-tree", commit));
        if (!prefix.isEmpty()) {
            command.add("--");
            command.add(prefix.substring(0, prefix.length() - 1));
        }
        Git listing = git(top, ref, command.toArray(String[]::new)).orFail(ref);
        List<Entry> entries = new ArrayList<>();
        for (String line : listing.text().split("\0")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String[] meta = line.substring(0, tab).split(" ");
            String path = line.substring(tab + 1);
            if (!prefix.isEmpty() && path.equals(prefix.substring(0, prefix.length() - 1))) {
                throw new BaselineException("at " + Text.quote(ref) + ", " + Text.quote(path)
                        + " is a file, not the output directory's folder");
            }
            if (meta.length != 3 || !path.startsWith(prefix)) {
                continue;
            }
            // a link (120000) or a submodule (160000) is never followed: the baseline holds plain files only
            if (!meta[1].equals("blob") || !(meta[0].equals(REGULAR) || meta[0].equals(EXECUTABLE))) {
                continue;
            }
            String relative = path.substring(prefix.length());
            if (Layout.isState(relative)) {
                // the committed bookkeeping; a lock or a transaction belongs to one checkout, never to a commit
                if (relative.equals(Layout.MANIFEST) || relative.equals(Layout.STATE_GITIGNORE)) {
                    entries.add(new Entry(relative, meta[2]));
                }
                continue;
            }
            try {
                entries.add(new Entry(TreeWriter.safe(relative), meta[2]));
            } catch (UnsafeOutputException e) {
                // a path no manifest may name (a backslash, a .. segment): never dkp-mesh's, never written
            }
        }
        return entries;
    }

    /** Reads the blobs in one {@code cat-file --batch} and writes each as a new file under {@code root}. */
    private static void write(Path top, String ref, List<Entry> entries, Path root) throws BaselineException {
        StringBuilder request = new StringBuilder();
        entries.forEach(entry -> request.append(entry.blob()).append('\n'));
        byte[] batch = entries.isEmpty()
                ? new byte[0]
                : git(top, ref, request.toString().getBytes(StandardCharsets.US_ASCII), "cat-file", "--batch")
                        .orFail(ref)
                        .out();
        try {
            TreeWriter.deleteTree(root);
            Files.createDirectories(root);
            int at = 0;
            for (Entry entry : entries) {
                int end = indexOf(batch, (byte) '\n', at);
                String[] header = new String(batch, at, Math.max(0, end - at), StandardCharsets.US_ASCII).split(" ");
                if (end < 0 || header.length != 3 || !header[1].equals("blob")) {
                    throw new BaselineException("at " + Text.quote(ref) + ", git could not read "
                            + Text.quote(entry.path()) + " (" + String.join(" ", header) + ")");
                }
                int size = Integer.parseInt(header[2]);
                if (size < 0 || end + 1L + size > batch.length) {
                    throw new BaselineException(
                            "at " + Text.quote(ref) + ", git's output ended inside " + Text.quote(entry.path()));
                }
                byte[] content = Arrays.copyOfRange(batch, end + 1, end + 1 + size);
                at = end + 1 + size + 1;
                Path file = TreeWriter.resolve(root, entry.path());
                Files.createDirectories(file.getParent());
                // a fresh file in a fresh folder: nothing on the way can be a link
                Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (IOException | RuntimeException e) {
            throw new BaselineException("writing the baseline at " + Text.quote(ref) + " into " + root + " failed: "
                    + (e instanceof IOException io ? OutputIoException.reason(io) : e.toString()));
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** What a git command said: its exit status, its output and the start of its error output. */
    private record Git(String command, int exit, byte[] out, String err) {

        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }

        /** Git's own words, as a clause to append; empty when it said nothing. */
        String said() {
            String words = err.strip().replaceAll("\\s*\\n\\s*", "; ");
            return words.isEmpty() ? "" : " (git: " + words + ")";
        }

        Git orFail(String ref) throws BaselineException {
            if (exit != 0) {
                throw new BaselineException(
                        "git " + command + " failed reading the baseline at " + Text.quote(ref) + said());
            }
            return this;
        }
    }

    private static Git git(Path dir, String ref, String... args) throws BaselineException {
        return git(dir, ref, new byte[0], args);
    }

    /**
     * Runs {@code git -C dir args}, feeding {@code input} and closing its stdin (git never waits
     * for a terminal), for at most {@link #TIMEOUT}. Fails only when git cannot run, takes too long
     * or says too much; its exit status is the caller's to judge.
     */
    private static Git git(Path dir, String ref, byte[] input, String... args) throws BaselineException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "--literal-pathspecs"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        REDIRECTING.forEach(environment::remove);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.put("GIT_OPTIONAL_LOCKS", "0");
        environment.put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BaselineException("the git command cannot be run (" + OutputIoException.reason(e)
                    + "), and the baseline at " + Text.quote(ref) + " is read with it: install Git and put it on"
                    + " the PATH");
        }
        Drain out = new Drain(process, process.getInputStream(), MAX_BYTES, true);
        Drain err = new Drain(process, process.getErrorStream(), MAX_ERROR_BYTES, false);
        Thread feed = daemon(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // git exited before reading everything: its exit status says why
            }
        });
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BaselineException("git " + args[0] + " did not finish within " + TIMEOUT.toSeconds()
                        + " seconds reading the baseline at " + Text.quote(ref));
            }
            feed.join(TIMEOUT.toMillis());
            out.thread.join(TIMEOUT.toMillis());
            err.thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BaselineException("reading the baseline at " + Text.quote(ref) + " was interrupted");
        }
        if (out.overflowed) {
            throw new BaselineException("the baseline at " + Text.quote(ref) + " is larger than " + (MAX_BYTES >> 20)
                    + " MiB, more than any rendered tree");
        }
        return new Git(
                args[0], process.exitValue(), out.bytes.toByteArray(), err.bytes.toString(StandardCharsets.UTF_8));
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "dkp-mesh-git");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Reads a stream of the process to its end, keeping at most {@code limit} bytes; beyond, stops
     * git when {@code stop}, else drops the rest.
     */
    private static final class Drain {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Thread thread;
        volatile boolean overflowed;

        Drain(Process process, InputStream in, long limit, boolean stop) {
            thread = daemon(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (bytes.size() + (long) n > limit) {
                            if (stop) {
                                overflowed = true;
                                process.destroyForcibly();
                                return;
                            }
                            continue;
                        }
                        bytes.write(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the process was stopped: the exit status or the overflow says why
                }
            });
        }
    }
}
