package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Writes a rendered tree into the output directory as one transaction.
 *
 * <p>Only files listed in the manifest are ours: they are replaced when their bytes change and
 * deleted when no longer rendered; files whose bytes did not change are not touched (their mtime
 * stays). Every change goes through a journal in {@code .dkp-mesh/tx}: old files are moved aside
 * before new ones are moved in, so an I/O failure rolls back at once and a killed run is rolled
 * back by the next one, leaving the previous tree as it was. Paths never leave the output
 * directory and symbolic links inside it are never followed.
 */
public final class TreeWriter {

    static final String TX = Layout.TRANSACTION;
    static final String JOURNAL = TX + "/journal";

    private TreeWriter() {}

    /**
     * What a write changed.
     *
     * @param written how many files it wrote
     * @param deleted how many owned files it deleted
     * @param changes the comparison it wrote by: which files the tree owns now and the manifest it has
     * @param stamps  the {@link Stamp stamps} of owned files (and of the manifest) as the tree now
     *                has them: of each file written, taken right after writing it, and of each
     *                file found the same, taken before reading it; none where the file system has
     *                no stamps
     */
    public record Result(int written, int deleted, Changes changes, Map<String, Stamp> stamps) {

        public Result {
            // a view, not a copy: tens of thousands of stamps, and the write that took them is over
            stamps = Collections.unmodifiableMap(stamps);
        }
    }

    /**
     * @param outputDirectory the tree's root
     * @param files           the rendered files of the clusters in scope, by relative path (no manifest)
     * @param inScope         which owned paths this render is responsible for; others keep their old bytes
     */
    public static Result write(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology)
            throws UnsafeOutputException, IOException {
        return write(outputDirectory, files, inScope, generatorVersion, topology, Optional.empty());
    }

    /**
     * As {@link #write(Path, SortedMap, Predicate, String, String)}, with what a {@link #compare} of
     * the same arguments just found: the tree is not compared again unless a killed run's
     * transaction had to be rolled back first (which changes what is on disk).
     */
    public static Result write(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Changes compared)
            throws UnsafeOutputException, IOException {
        return write(outputDirectory, files, inScope, generatorVersion, topology, Optional.of(compared));
    }

    private static Result write(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Optional<Changes> compared)
            throws UnsafeOutputException, IOException {
        Path root = outputDirectory.toAbsolutePath().normalize();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
            throw new UnsafeOutputException(root + " exists and is not a directory");
        }
        Files.createDirectories(root);
        boolean rolledBack = recover(root);
        Changes changes = compared.isPresent() && !rolledBack
                ? compared.get()
                : compare(
                        root,
                        files,
                        inScope,
                        generatorVersion,
                        topology,
                        compared.map(Changes::sha256).orElse(new TreeMap<>()));
        if (changes.isEmpty()) {
            return new Result(0, 0, changes, changes.stamps());
        }
        SortedMap<String, byte[]> writes = new TreeMap<>(changes.writes());
        writes.put(Layout.MANIFEST, changes.manifest());
        Map<String, Stamp> stamps = new ConcurrentHashMap<>(changes.stamps());
        new Transaction(root, writes, changes.missing(), changes.stale(), stamps).commit();
        return new Result(changes.writes().size(), changes.stale().size(), changes, stamps);
    }

    /**
     * What a write would change, without changing anything: the basis of {@code render},
     * {@code check} and {@code diff} alike.
     *
     * @param writes          files whose bytes on disk differ or are missing
     * @param missing         those of {@code writes} that do not exist on disk yet
     * @param stale           owned files in scope that are no longer rendered and still exist
     * @param sha256          the sha256 of every owned file after the write, as the new manifest records it
     * @param manifest        the manifest the tree would then have
     * @param manifestChanged whether that manifest differs from the one on disk
     * @param previous        the manifest on disk, if any
     * @param stamps          the {@link Stamp stamps} of the files found the same on disk (the
     *                        manifest among them), each taken before the file was read
     */
    public record Changes(
            SortedMap<String, byte[]> writes,
            Set<String> missing,
            List<String> stale,
            SortedMap<String, String> sha256,
            byte[] manifest,
            boolean manifestChanged,
            Optional<Manifest> previous,
            Map<String, Stamp> stamps) {

        public boolean isEmpty() {
            return writes.isEmpty() && stale.isEmpty() && !manifestChanged;
        }
    }

    /** Compares a rendered tree with the one on disk; a missing directory counts as empty. */
    public static Changes compare(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology)
            throws UnsafeOutputException, IOException {
        return compare(outputDirectory, files, inScope, generatorVersion, topology, Map.of());
    }

    /**
     * Hashes the files and reads the ones on disk on both cores; the result is assembled in path
     * order, so it does not depend on which finished first. A tree with no manifest is empty (or
     * refused), so its files are all missing without asking the file system one by one.
     */
    private static Changes compare(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Map<String, String> knownSha256)
            throws UnsafeOutputException, IOException {
        Path root = outputDirectory.toAbsolutePath().normalize();
        Optional<Manifest> old = Files.isDirectory(root) ? readManifest(root) : Optional.empty();
        if (old.isEmpty() && Files.isDirectory(root) && !isEmpty(root)) {
            throw new UnsafeOutputException(
                    "the output directory " + root + " is not empty and has no " + Layout.MANIFEST
                            + ", so dkp-mesh cannot tell its files from yours; render into an empty or new directory"
                            + " (or move the existing files away)");
        }
        SortedMap<String, String> owned = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        if (old.isPresent()) {
            for (Map.Entry<String, String> entry : old.get().files().entrySet()) {
                String path = safe(entry.getKey());
                if (!inScope.test(path)) {
                    owned.put(path, entry.getValue());
                } else if (!files.containsKey(path) && (Files.exists(resolve(root, path), LinkOption.NOFOLLOW_LINKS))) {
                    stale.add(path);
                }
            }
        }
        SortedMap<String, byte[]> writes = new TreeMap<>();
        Set<String> missing = new HashSet<>();
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(files.entrySet());
        for (Map.Entry<String, byte[]> file : entries) {
            safe(file.getKey());
        }
        Map<byte[], String> sha256 = sha256(entries, knownSha256);
        boolean empty = old.isEmpty();
        boolean stamped = Stamp.supported(root);
        List<Compared> compared = entries.parallelStream()
                .map(file -> Compared.of(root, file.getKey(), file.getValue(), sha256, empty))
                .toList();
        Map<String, Stamp> stamps = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, byte[]> file = entries.get(i);
            Compared result = compared.get(i);
            if (result.failure() != null) {
                throw result.failure();
            }
            owned.put(file.getKey(), result.sha256());
            if (stamped && result.stamp() != null) {
                stamps.put(file.getKey(), result.stamp());
            }
            if (result.onDisk() != OnDisk.SAME) {
                writes.put(file.getKey(), file.getValue());
                if (result.onDisk() == OnDisk.MISSING) {
                    missing.add(file.getKey());
                }
            }
        }
        byte[] manifest = new Manifest(generatorVersion, topology, owned).toBytes();
        Seen manifestOnDisk = empty ? Seen.MISSING : stateOf(resolve(root, Layout.MANIFEST), manifest);
        if (stamped && manifestOnDisk.stamp() != null) {
            stamps.put(Layout.MANIFEST, manifestOnDisk.stamp());
        }
        return new Changes(
                writes, missing, stale, owned, manifest, manifestOnDisk.onDisk() != OnDisk.SAME, old, stamps);
    }

    /**
     * The sha256 of every content array, by identity: arrays shared by several paths (a full mesh
     * renders each peer object once for all the clusters that hold it) are hashed once, and those
     * whose hash is known by path not at all.
     */
    private static Map<byte[], String> sha256(List<Map.Entry<String, byte[]>> files, Map<String, String> known) {
        Map<byte[], String> sha256 = new IdentityHashMap<>();
        for (Map.Entry<String, byte[]> file : files) {
            String hash = known.get(file.getKey());
            if (hash != null) {
                sha256.put(file.getValue(), hash);
            }
        }
        Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        files.stream()
                .map(Map.Entry::getValue)
                .filter(content -> !sha256.containsKey(content))
                .forEach(distinct::add);
        List<byte[]> unknown = new ArrayList<>(distinct);
        List<String> hashes = unknown.parallelStream().map(Manifest::sha256).toList();
        for (int i = 0; i < unknown.size(); i++) {
            sha256.put(unknown.get(i), hashes.get(i));
        }
        return sha256;
    }

    private enum OnDisk {
        SAME,
        DIFFERENT,
        MISSING
    }

    /**
     * One rendered file against the disk: its sha256, what is at its path (or why that could not
     * be read), and the stamp of a file found the same (null otherwise).
     */
    private record Compared(String sha256, OnDisk onDisk, Stamp stamp, IOException failure) {

        static Compared of(Path root, String path, byte[] content, Map<byte[], String> sha256s, boolean empty) {
            String sha256 = sha256s.get(content);
            if (empty) {
                return new Compared(sha256, OnDisk.MISSING, null, null);
            }
            try {
                Seen seen = stateOf(resolve(root, path), content);
                return new Compared(sha256, seen.onDisk(), seen.stamp(), null);
            } catch (IOException e) {
                return new Compared(sha256, OnDisk.DIFFERENT, null, e);
            }
        }
    }

    /** What is at a path, and, when it is the same, its stamp (null otherwise). */
    private record Seen(OnDisk onDisk, Stamp stamp) {
        static final Seen MISSING = new Seen(OnDisk.MISSING, null);
        static final Seen DIFFERENT = new Seen(OnDisk.DIFFERENT, null);
    }

    /**
     * One lstat, and the bytes only when the size matches; a link or a folder is never the same.
     * The stamp is taken before the bytes are read, so it stands for what was read.
     */
    private static Seen stateOf(Path file, byte[] content) throws IOException {
        Optional<Stamp> stamp;
        try {
            stamp = Stamp.of(file);
        } catch (IOException e) {
            // as Files.exists: what cannot be stat'ed is not there
            return Seen.MISSING;
        }
        if (stamp.isEmpty() || stamp.get().size() != content.length) {
            return Seen.DIFFERENT;
        }
        return Arrays.equals(Files.readAllBytes(file), content) ? new Seen(OnDisk.SAME, stamp.get()) : Seen.DIFFERENT;
    }

    /** The owned files as recorded, for {@code check} and {@code diff}. */
    public static Optional<Manifest> readManifest(Path root) throws UnsafeOutputException, IOException {
        Path file = resolve(root, Layout.MANIFEST);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeOutputException(file + " is not a regular file");
        }
        Optional<Manifest> manifest = Manifest.parse(Files.readAllBytes(file));
        if (manifest.isEmpty()) {
            throw new UnsafeOutputException(
                    file + " is damaged; restore it from Git (git checkout -- " + Layout.MANIFEST + ")");
        }
        return manifest;
    }

    /** Rejects manifest entries that would reach outside the tree or into our own bookkeeping. */
    static String safe(String path) throws UnsafeOutputException {
        boolean bad = path.isEmpty()
                || path.contains("\\")
                || path.contains("\0")
                || badSegment(path)
                || Layout.isState(path);
        if (bad) {
            throw new UnsafeOutputException("refusing path " + path.replaceAll("\\p{Cntrl}", "?")
                    + ": owned files are plain relative paths inside the output directory");
        }
        return path;
    }

    /** Whether a segment between slashes is empty, {@code .} or {@code ..} (a leading slash makes an empty one). */
    private static boolean badSegment(String path) {
        int start = 0;
        while (true) {
            int end = path.indexOf('/', start);
            int length = (end < 0 ? path.length() : end) - start;
            if (length == 0
                    || (length == 1 && path.charAt(start) == '.')
                    || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                return true;
            }
            if (end < 0) {
                return false;
            }
            start = end + 1;
        }
    }

    static Path resolve(Path root, String path) {
        return root.resolve(
                path.replace('/', root.getFileSystem().getSeparator().charAt(0)));
    }

    private static boolean isEmpty(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            return !entries.iterator().hasNext();
        }
    }

    /**
     * A previous run was killed mid-transaction: put the old tree back.
     *
     * @return whether there was a transaction to roll back
     */
    static boolean recover(Path root) throws IOException {
        Path journal = resolve(root, JOURNAL);
        boolean rolledBack = Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS);
        if (rolledBack) {
            Transaction.rollback(root, Files.readAllLines(journal, StandardCharsets.UTF_8));
        }
        deleteRecursively(resolve(root, TX));
        return rolledBack;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** One journalled change of the tree. */
    private static final class Transaction {
        private final Path root;
        private final SortedMap<String, byte[]> writes;
        /** Written paths that the comparison found missing: nothing to set aside, no need to ask again. */
        private final Set<String> missing;

        private final List<String> deletes;
        /** Folders known to exist, and folders known not to be links: each is asked once per transaction. */
        private final Set<Path> madeDirectories = new HashSet<>();

        private final Set<String> checkedFolders = new HashSet<>();

        /** Where the stamp of each file written goes, taken right after writing it; null: none taken. */
        private final Map<String, Stamp> stamps;

        Transaction(
                Path root,
                SortedMap<String, byte[]> writes,
                Set<String> missing,
                List<String> deletes,
                Map<String, Stamp> stamps) {
            this.root = root;
            this.writes = writes;
            this.missing = missing;
            this.deletes = deletes;
            this.stamps = Stamp.supported(root) ? stamps : null;
        }

        /** Records the stamp of a file this transaction just wrote or moved in. */
        private void stamp(String path, Path file) throws IOException {
            if (stamps != null) {
                Stamp.of(file).ifPresent(stamp -> stamps.put(path, stamp));
            }
        }

        void commit() throws IOException, UnsafeOutputException {
            List<String> journalLines = new ArrayList<>();
            writes.keySet().forEach(path -> journalLines.add("W " + path));
            deletes.forEach(path -> journalLines.add("D " + path));
            for (String line : journalLines) {
                noLinksOnTheWay(line.substring(2));
            }
            // stage the replacements first: until the journal exists, the tree itself is untouched
            Set<String> replaced = new HashSet<>();
            for (Map.Entry<String, byte[]> write : writes.entrySet()) {
                // a missing file that has appeared since is not overwritten: its CREATE_NEW fails and rolls back
                if (!missing.contains(write.getKey())
                        && Files.exists(resolve(root, write.getKey()), LinkOption.NOFOLLOW_LINKS)) {
                    replaced.add(write.getKey());
                    Path staged = resolve(root, TX + "/new/" + write.getKey());
                    createDirectories(staged.getParent());
                    Files.write(staged, write.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
            }
            Path journal = resolve(root, JOURNAL);
            createDirectories(journal.getParent());
            Files.write(
                    journal,
                    String.join("\n", journalLines).concat("\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            try {
                writeNewFiles(replaced);
                for (String line : journalLines) {
                    String path = line.substring(2);
                    Path target = resolve(root, path);
                    if (line.startsWith("W ") && !replaced.contains(path)) {
                        continue;
                    }
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Path aside = resolve(root, TX + "/old/" + path);
                        createDirectories(aside.getParent());
                        move(target, aside);
                    }
                    if (line.startsWith("W ")) {
                        createDirectories(target.getParent());
                        move(resolve(root, TX + "/new/" + path), target);
                        stamp(path, target);
                    }
                }
            } catch (IOException | RuntimeException e) {
                try {
                    rollback(root, journalLines);
                    deleteRecursively(resolve(root, TX));
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            // the commit point: once the journal is gone the new tree stands
            Files.delete(journal);
            deleteRecursively(resolve(root, TX));
            for (String path : deletes) {
                pruneEmptyParents(resolve(root, path).getParent());
            }
        }

        /**
         * New files go straight to their places, on both cores: the journal names them, and with
         * nothing set aside and nothing staged a rollback deletes them. Their folders are made
         * first, one by one; every write runs to its end before the first failure is thrown, so
         * no write is still under way when the rollback starts.
         */
        private void writeNewFiles(Set<String> replaced) throws IOException {
            List<String> fresh = writes.keySet().stream()
                    .filter(path -> !replaced.contains(path))
                    .toList();
            for (String path : fresh) {
                createDirectories(resolve(root, path).getParent());
            }
            List<IOException> failures = fresh.parallelStream()
                    .map(path -> {
                        try {
                            Path target = resolve(root, path);
                            Files.write(
                                    target, writes.get(path), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                            stamp(path, target);
                            return null;
                        } catch (IOException e) {
                            return e;
                        } catch (RuntimeException e) {
                            return new IOException("writing " + path + " failed", e);
                        }
                    })
                    .filter(Objects::nonNull)
                    .toList();
            if (!failures.isEmpty()) {
                IOException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }

        /** Files.createDirectories costs two system calls even when the folder is there; a fleet has thousands of files per folder. */
        private void createDirectories(Path dir) throws IOException {
            if (madeDirectories.add(dir)) {
                Files.createDirectories(dir);
            }
        }

        /**
         * Undoes a journalled transaction at any point: a path with a copy set aside gets it back;
         * a written path whose staged file is gone was moved in over nothing, so it goes.
         */
        static void rollback(Path root, List<String> journalLines) throws IOException {
            for (String line : journalLines) {
                if (line.length() < 3) {
                    continue;
                }
                String path = line.substring(2);
                Path target = resolve(root, path);
                Path aside = resolve(root, TX + "/old/" + path);
                if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target.getParent());
                    move(aside, target);
                } else if (line.startsWith("W ")
                        && !Files.exists(resolve(root, TX + "/new/" + path), LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                }
            }
        }

        /**
         * No folder on the way to {@code path} may be a link. Folders are checked from the root
         * down and remembered, so a path whose folder was checked is done at once: a fleet has
         * thousands of files in a few hundred folders.
         */
        private void noLinksOnTheWay(String path) throws UnsafeOutputException {
            int last = path.lastIndexOf('/');
            if (last < 0 || checkedFolders.contains(path.substring(0, last))) {
                return;
            }
            for (int end = path.indexOf('/'); end >= 0; end = path.indexOf('/', end + 1)) {
                String folder = path.substring(0, end);
                if (checkedFolders.add(folder) && Files.isSymbolicLink(resolve(root, folder))) {
                    throw new UnsafeOutputException("refusing to write " + path + ": " + folder
                            + " is a symbolic link, and dkp-mesh never follows links out of the output directory");
                }
            }
        }

        private void pruneEmptyParents(Path dir) throws IOException {
            for (Path d = dir;
                    d != null
                            && d.startsWith(root)
                            && !d.equals(root)
                            && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS);
                    d = d.getParent()) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
                    if (entries.iterator().hasNext()) {
                        return;
                    }
                }
                Files.delete(d);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
