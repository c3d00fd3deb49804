package io.dkpmesh.core.write;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.layout.Layout;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What the last successful render of one output directory saw and said, kept in the build's state
 * directory (a folder of the front end's build output, outside the rendered tree, never committed), so that
 * the next run with the same inputs can prove the tree is still current without validating or
 * rendering again (a no-op).
 *
 * <p>It records the {@link InputFingerprint input fingerprint} of that render, the sha256 of the
 * manifest it wrote, the owned files with their sha256 (as that manifest lists them), its file and
 * cluster counts, its warnings, and the {@link Stamp stamps} of the files it wrote or found the
 * same. A run whose inputs have the same fingerprint, whose manifest and owned files on disk
 * still have those stamps or, read, those sha256, would render the very same tree and findings: it
 * reports them from here. Anything else (an input changed, a file edited, deleted or turned into a
 * link, an interrupted transaction, a missing or damaged state file) means the full render.
 *
 * <p>The file is binary, for this engine only: the no-op reads it before anything else and then
 * stops, so it must cost next to nothing to read (no JSON library loads on that path).
 *
 * @param outputDirectory the output directory as {@link #key} names it (absolute path and file
 *                        key): one state file per output directory
 * @param fingerprint     the input fingerprint of that render
 * @param named           the files the topology named, as the fingerprint covers them
 * @param manifest        the manifest that render left: its sha256 and stamp
 * @param files           files in the tree that render reported (those of the clusters in scope)
 * @param renderedFiles   files the whole topology renders (what check reports)
 * @param clusters        clusters that render reported
 * @param warnings        that render's warnings, as it reported them
 * @param owned           the owned files with their sha256, as that manifest lists them, in its
 *                        order, and their stamps
 */
public record RenderState(
        String outputDirectory,
        String fingerprint,
        List<String> named,
        Owned manifest,
        int files,
        int renderedFiles,
        int clusters,
        List<Finding> warnings,
        List<Owned> owned) {

    /** The first bytes of a state file: another format (an older engine's) is no state. */
    private static final byte[] MAGIC = "dkp-mesh render state 3\n".getBytes(StandardCharsets.US_ASCII);

    public RenderState {
        named = List.copyOf(named);
        warnings = List.copyOf(warnings);
        owned = List.copyOf(owned);
    }

    /**
     * One file the render left, by its path in the tree, with its sha256 and, when one may stand
     * for its content, its stamp (a file without one is read). A state read back holds only the
     * stamps that had settled when it was written ({@link #parse}).
     */
    public record Owned(String path, String sha256, Optional<Stamp> stamp) {}

    /**
     * A no-op's proof: the state, how many files (the manifest among them) their stamps showed
     * untouched, and how many had to be read and hashed.
     */
    public record Unchanged(RenderState state, int stamped, int read) {}

    /** The state file of {@code outputDirectory} in {@code stateDirectory}. */
    public static Path file(Path stateDirectory, Path outputDirectory) {
        return file(stateDirectory, key(outputDirectory));
    }

    /** The state file of the output directory named {@code key} ({@link #key}). */
    private static Path file(Path stateDirectory, String key) {
        String name = Manifest.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return stateDirectory.toAbsolutePath().normalize().resolve("render-state-" + name + ".bin");
    }

    /**
     * The output directory as a state names it: its absolute path and its file key (device and
     * inode). A state is bound to this very folder: one that came with the repository (a committed
     * {@code target/}, which could vouch for a tampered tree) names a folder of another checkout,
     * whose file key a clone cannot reproduce, and counts as none.
     */
    static String key(Path outputDirectory) {
        Path absolute = outputDirectory.toAbsolutePath().normalize();
        Object fileKey;
        try {
            fileKey = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            fileKey = null;
        }
        return absolute + (fileKey == null ? "" : "\n" + fileKey);
    }

    /** The state recorded for the output directory, if it is there and readable. */
    public static Optional<RenderState> read(Path stateDirectory, Path outputDirectory) {
        Path file = file(stateDirectory, outputDirectory);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return parse(Files.readAllBytes(file))
                    .filter(s -> s.outputDirectory().equals(key(outputDirectory)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The no-op proof: this state, when its fingerprint is {@code fingerprint} and the tree on disk
     * is exactly what that render left. Every owned file and the manifest are stat'ed; those whose
     * stamp is as recorded are taken as they were, the others are read and their sha256 compared.
     * Files read and found the same get the stamp taken before reading them, and the state is
     * written again with it, so the next run reads them no more once that stamp has settled
     * ({@link #toBytes}).
     */
    public Optional<Unchanged> unchanged(Path stateDirectory, Path outputDirectory, String fingerprint) {
        Path root = outputDirectory.toAbsolutePath().normalize();
        if (!this.fingerprint.equals(fingerprint)
                || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(TreeWriter.resolve(root, TreeWriter.TX), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            List<Owned> expected = new ArrayList<>(owned.size() + 1);
            expected.add(manifest);
            for (Owned file : owned) {
                TreeWriter.safe(file.path());
                expected.add(file);
            }
            boolean stamped = Stamp.supported(root);
            Owned[] read = new Owned[expected.size()];
            boolean intact = IntStream.range(0, expected.size())
                    .parallel()
                    .allMatch(i -> same(root, expected.get(i), stamped, read, i));
            if (!intact) {
                return Optional.empty();
            }
            int reads = (int) Arrays.stream(read).filter(Objects::nonNull).count();
            if (reads > 0) {
                // the files read get the stamps taken before reading them; those that have not
                // settled by the time the state is written count as none when it is read back
                List<Owned> restamped = new ArrayList<>(expected);
                boolean changed = false;
                for (int i = 0; i < read.length; i++) {
                    if (read[i] != null) {
                        changed |= !read[i].stamp().equals(expected.get(i).stamp());
                        restamped.set(i, read[i]);
                    }
                }
                if (changed) {
                    new RenderState(
                                    this.outputDirectory,
                                    this.fingerprint,
                                    named,
                                    restamped.get(0),
                                    files,
                                    renderedFiles,
                                    clusters,
                                    warnings,
                                    restamped.subList(1, restamped.size()))
                            .write(stateDirectory);
                }
            }
            return Optional.of(new Unchanged(this, expected.size() - reads, reads));
        } catch (UnsafeOutputException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code file} is on disk as a regular file with its recorded stamp or, read, its
     * recorded sha256; a file that had to be read goes into {@code read[i]} with the stamp taken
     * before reading it.
     */
    private static boolean same(Path root, Owned file, boolean stamped, Owned[] read, int i) {
        Path path = TreeWriter.resolve(root, file.path());
        try {
            Optional<Stamp> now = Stamp.of(path);
            if (now.isEmpty()) {
                return false;
            }
            // where stamps are not kept, none was recorded: every file is read
            if (now.equals(file.stamp())) {
                return true;
            }
            read[i] = new Owned(file.path(), file.sha256(), stamped ? now : Optional.empty());
            return Manifest.sha256(Files.readAllBytes(path)).equals(file.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records this state after a render left the tree; best effort: a state that cannot be written
     * only costs the next run its no-op.
     */
    public void write(Path stateDirectory) {
        Path file = file(stateDirectory, outputDirectory);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, toBytes());
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            forget(file);
        }
    }

    /** Removes the recorded state: the next run renders in full. Best effort. */
    public static void forget(Path stateDirectory, Path outputDirectory) {
        forget(file(stateDirectory, outputDirectory));
    }

    /** Removes a state file and its temporary sibling, as far as it can. */
    private static void forget(Path file) {
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // nothing to do: a state that is still there fails its manifest or fingerprint check
        }
    }

    /**
     * The state file's bytes. Their header holds the moment they were made, taken after
     * everything else is in them, as late as the state can know it: a stamp whose file time lies
     * within a tick of the file system's clock of that moment ({@link Stamp#settledBefore}) could
     * miss a later write in the same tick, and counts as none when the state is read back, as
     * Git's index treats entries no older than itself (racy-git.txt). Taking the moment last
     * leaves fewer such files for the next run to read than taking it before the work of
     * recording.
     */
    byte[] toBytes() {
        Out out = new Out(80 * (owned.size() + 16));
        out.bytes(MAGIC);
        out.room(8);
        int recordedAt = out.buffer.position();
        out.buffer.putLong(0);
        out.string(outputDirectory);
        out.string(fingerprint);
        out.buffer.putInt(named.size());
        named.forEach(out::string);
        out.string(manifest.sha256());
        out.stamp(manifest.stamp());
        out.room(12);
        out.buffer.putInt(files).putInt(renderedFiles).putInt(clusters);
        out.room(4);
        out.buffer.putInt(warnings.size());
        for (Finding finding : warnings) {
            out.string(finding.code());
            out.string(finding.severity().name());
            out.string(finding.file());
            out.room(8);
            out.buffer.putInt(finding.line()).putInt(finding.column());
            out.string(finding.pointer());
            out.string(finding.message());
        }
        out.room(4);
        out.buffer.putInt(owned.size());
        for (Owned file : owned) {
            out.string(file.path());
            out.string(file.sha256());
            out.stamp(file.stamp());
        }
        out.buffer.putLong(recordedAt, Stamp.now());
        return Arrays.copyOf(out.buffer.array(), out.buffer.position());
    }

    /**
     * Empty for anything {@link #toBytes} did not write, whole: no state then. Stamps that had
     * not settled when the state was written are left out.
     */
    static Optional<RenderState> parse(byte[] bytes) {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).position(MAGIC.length);
        try {
            long recordedAt = in.getLong();
            String outputDirectory = string(in);
            String fingerprint = string(in);
            List<String> named = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                named.add(string(in));
            }
            Owned manifest = new Owned(Layout.MANIFEST, string(in), stamp(in, recordedAt));
            int files = in.getInt();
            int renderedFiles = in.getInt();
            int clusters = in.getInt();
            List<Finding> warnings = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                warnings.add(new Finding(
                        string(in),
                        Severity.valueOf(string(in)),
                        string(in),
                        in.getInt(),
                        in.getInt(),
                        string(in),
                        string(in)));
            }
            List<Owned> owned = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                owned.add(new Owned(string(in), string(in), stamp(in, recordedAt)));
            }
            if (in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RenderState(
                    outputDirectory, fingerprint, named, manifest, files, renderedFiles, clusters, warnings, owned));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A length and as many bytes, never more than are left (a damaged length must not allocate). */
    private static String string(ByteBuffer in) {
        int length = count(in);
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("a count of " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static Optional<Stamp> stamp(ByteBuffer in, long recordedAt) {
        if (in.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Stamp(in.getLong(), in.getLong(), string(in)))
                .filter(stamp -> stamp.settledBefore(recordedAt));
    }

    /** A buffer that grows: the state is written in one go, tens of thousands of entries at most. */
    private static final class Out {
        private ByteBuffer buffer;

        Out(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
        }

        void bytes(byte[] bytes) {
            room(bytes.length);
            buffer.put(bytes);
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length);
            buffer.putInt(utf8.length).put(utf8);
        }

        void stamp(Optional<Stamp> stamp) {
            room(17);
            buffer.put((byte) (stamp.isPresent() ? 1 : 0));
            if (stamp.isPresent()) {
                buffer.putLong(stamp.get().size()).putLong(stamp.get().modified());
                string(stamp.get().file());
            }
        }
    }
}
