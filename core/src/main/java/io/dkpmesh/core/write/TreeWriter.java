package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
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
 * deleted when no longer rendered, if their bytes are still what the manifest recorded (a hand
 * edit is kept and reported, {@link Changes#kept()}); files whose bytes did not change are not
 * touched (their mtime stays). Every change goes through a {@link Journal} in {@code .dkp-mesh/tx}:
 * old files are moved aside before new ones are moved in, so an I/O failure rolls back at once and
 * a killed run is rolled back by the next one, leaving the previous tree as it was. One run writes
 * a tree at a time ({@link TreeLock}). Paths never leave the output directory, and no link in it
 * is ever followed: the output directory, {@code .dkp-mesh} and every folder on the way to a file
 * are proved not to be links before anything is read or written.
 */
public final class TreeWriter {

    static final String TX = Layout.TRANSACTION;
    static final String JOURNAL = Journal.FILE;

    /** What {@code .dkp-mesh/.gitignore} says: the lock and a transaction belong to one checkout. */
    static final byte[] STATE_GITIGNORE =
            ("# Written by dkp-mesh. A render's lock and an interrupted write's journal belong"
                            + " to this checkout:\n# never commit them (a journal that came with the repository is refused).\n"
                            + "/lock\n/tx/\n")
                    .getBytes(StandardCharsets.UTF_8);

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
     * Takes the tree's lock, rolls back a killed run, compares and writes: for callers that have
     * not compared under the lock themselves.
     *
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
            throws OutputTreeException {
        try (TreeLock lock = TreeLock.exclusive(outputDirectory, message -> {})) {
            return write(lock, files, inScope, generatorVersion, topology, Optional.empty(), Disk.REAL);
        }
    }

    /**
     * Writes what a {@link #compare} of the same arguments, made under {@code lock}, just found:
     * the tree is not compared again unless taking the lock rolled back a killed run's transaction
     * (which changes what is on disk).
     */
    public static Result write(
            TreeLock lock,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Changes compared)
            throws OutputTreeException {
        return write(lock, files, inScope, generatorVersion, topology, Optional.of(compared), Disk.REAL);
    }

    static Result write(
            TreeLock lock,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Optional<Changes> compared,
            Disk disk)
            throws OutputTreeException {
        Path root = lock.root();
        Changes changes = compared.isPresent() && !lock.rolledBack()
                ? compared.get()
                : compare(
                        root,
                        files,
                        inScope,
                        generatorVersion,
                        topology,
                        compared.map(Changes::sha256).orElse(new TreeMap<>()));
        if (changes.isEmpty()) {
            lock.written();
            return new Result(0, 0, changes, changes.stamps());
        }
        SortedMap<String, byte[]> writes = new TreeMap<>(changes.writes());
        if (changes.manifestChanged()) {
            writes.put(Layout.MANIFEST, changes.manifest());
        }
        Set<String> missing = new HashSet<>(changes.missing());
        if (changes.ignoreChanged()) {
            writes.put(Layout.STATE_GITIGNORE, STATE_GITIGNORE);
        }
        Map<String, Stamp> stamps = new ConcurrentHashMap<>(changes.stamps());
        new Transaction(root, writes, missing, changes.stale(), stamps, disk).commit();
        lock.written();
        return new Result(changes.writes().size(), changes.stale().size(), changes, stamps);
    }

    /**
     * What a write would change, without changing anything: the basis of {@code render},
     * {@code check} and {@code diff} alike.
     *
     * @param writes          files whose bytes on disk differ or are missing
     * @param missing         those of {@code writes} that do not exist on disk yet
     * @param stale           owned files in scope that are no longer rendered and still hold the
     *                        bytes the manifest recorded: a write deletes them
     * @param kept            owned files in scope that are no longer rendered but were edited by
     *                        hand (their bytes are not what the manifest recorded, or they are no
     *                        longer regular files): a write keeps them, and the new manifest no
     *                        longer owns them
     * @param sha256          the sha256 of every owned file after the write, as the new manifest records it
     * @param manifest        the manifest the tree would then have
     * @param manifestChanged whether that manifest differs from the one on disk
     * @param ignoreChanged   whether {@code .dkp-mesh/.gitignore} is missing or differs (local
     *                        bookkeeping: a write puts it right, {@code check} does not ask for it)
     * @param previous        the manifest on disk, if any
     * @param handEdited      those of {@code writes} the previous manifest owns whose bytes on disk
     *                        are not the sha256 it recorded: a write replaces a hand edit
     * @param stamps          the {@link Stamp stamps} of the files found the same on disk (the
     *                        manifest among them), each taken before the file was read
     */
    public record Changes(
            SortedMap<String, byte[]> writes,
            Set<String> missing,
            List<String> stale,
            List<String> kept,
            SortedMap<String, String> sha256,
            byte[] manifest,
            boolean manifestChanged,
            boolean ignoreChanged,
            Optional<Manifest> previous,
            List<String> handEdited,
            Map<String, Stamp> stamps) {

        public boolean isEmpty() {
            return writes.isEmpty() && stale.isEmpty() && !manifestChanged && !ignoreChanged;
        }
    }

    /** Compares a rendered tree with the one on disk; a missing directory counts as empty. */
    public static Changes compare(
            Path outputDirectory,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology)
            throws OutputTreeException {
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
            throws OutputTreeException {
        Path root = outputDirectory.toAbsolutePath().normalize();
        try {
            return compareIn(root, files, inScope, generatorVersion, topology, knownSha256);
        } catch (IOException e) {
            throw OutputIoException.of(root, "reading", e, "nothing was changed");
        }
    }

    private static Changes compareIn(
            Path root,
            SortedMap<String, byte[]> files,
            Predicate<String> inScope,
            String generatorVersion,
            String topology,
            Map<String, String> knownSha256)
            throws UnsafeOutputException, IOException {
        TreeLock.checkShape(root);
        if (Files.exists(resolve(root, JOURNAL), LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeOutputException(
                    JOURNAL,
                    "the tree holds the journal of a write that did not finish (" + JOURNAL + "), so what is on"
                            + " disk is neither the old tree nor the new one; render (which rolls it back first)"
                            + " and compare again");
        }
        Optional<Manifest> old = Files.isDirectory(root) ? readManifest(root) : Optional.empty();
        Folders folders = new Folders(root);
        SortedMap<String, String> owned = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (old.isPresent()) {
            for (Map.Entry<String, String> entry : old.get().files().entrySet()) {
                String path = safe(entry.getKey());
                if (!inScope.test(path)) {
                    owned.put(path, entry.getValue());
                } else if (!files.containsKey(path)) {
                    folders.noLinksOnTheWay(path);
                    switch (recorded(resolve(root, path), entry.getValue())) {
                        case SAME -> stale.add(path);
                        case DIFFERENT -> kept.add(path);
                        case MISSING -> {}
                    }
                }
            }
        }
        SortedMap<String, byte[]> writes = new TreeMap<>();
        Set<String> missing = new HashSet<>();
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(files.entrySet());
        boolean empty = old.isEmpty();
        for (Map.Entry<String, byte[]> file : entries) {
            safe(file.getKey());
            if (!empty) {
                folders.noLinksOnTheWay(file.getKey());
            }
        }
        Map<byte[], String> sha256 = sha256(entries, knownSha256);
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
        boolean ignoreChanged =
                stateOf(resolve(root, Layout.STATE_GITIGNORE), STATE_GITIGNORE).onDisk() != OnDisk.SAME;
        return new Changes(
                writes,
                missing,
                stale,
                kept,
                owned,
                manifest,
                manifestOnDisk.onDisk() != OnDisk.SAME,
                ignoreChanged,
                old,
                handEdited(root, writes, missing, old, owned),
                stamps);
    }

    /**
     * The files about to be rewritten that were edited by hand: owned by the previous manifest,
     * present, and not the bytes it recorded. Only files in {@code writes} are looked at, so a
     * render that changes nothing reads nothing more. Where the new render has the recorded sha256,
     * the comparison already found the disk different, so it is a hand edit without another read;
     * only a file whose render changed is read and hashed again (it is about to be rewritten anyway).
     */
    private static List<String> handEdited(
            Path root,
            SortedMap<String, byte[]> writes,
            Set<String> missing,
            Optional<Manifest> previous,
            SortedMap<String, String> rendered)
            throws IOException {
        if (previous.isEmpty() || writes.isEmpty()) {
            return List.of();
        }
        Map<String, String> recorded = previous.get().files();
        List<String> candidates = writes.keySet().stream()
                .filter(path -> !missing.contains(path) && recorded.containsKey(path))
                .toList();
        List<String> edited = new ArrayList<>();
        for (String path : candidates) {
            String sha256 = recorded.get(path);
            if (sha256.equals(rendered.get(path)) || recorded(resolve(root, path), sha256) == OnDisk.DIFFERENT) {
                edited.add(path);
            }
        }
        return List.copyOf(edited);
    }

    /**
     * Whether an owned file still holds the bytes the manifest recorded: only then is it ours to
     * delete. A link or a folder where the file was is not (and is never followed).
     */
    private static OnDisk recorded(Path file, String sha256) throws IOException {
        Optional<Stamp> stamp;
        try {
            stamp = Stamp.of(file);
        } catch (IOException e) {
            return OnDisk.MISSING;
        }
        if (stamp.isEmpty()) {
            return OnDisk.DIFFERENT;
        }
        return Manifest.sha256(Files.readAllBytes(file)).equals(sha256) ? OnDisk.SAME : OnDisk.DIFFERENT;
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

    /**
     * The manifest of the tree at {@code root}, if it has one; a file system's refusal is a
     * finding ({@code DKPM903}), as everywhere else the tree is read.
     */
    public static Optional<Manifest> manifestOf(Path root) throws OutputTreeException {
        Path at = root.toAbsolutePath().normalize();
        try {
            return readManifest(at);
        } catch (IOException e) {
            throw OutputIoException.of(at, "reading", e, "nothing was changed");
        }
    }

    /** The owned files as recorded, for {@code check} and {@code diff}. */
    public static Optional<Manifest> readManifest(Path root) throws UnsafeOutputException, IOException {
        Path file = resolve(root, Layout.MANIFEST);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeOutputException(
                    Layout.MANIFEST,
                    Layout.MANIFEST + " is not a regular file (a link or a folder); restore it from Git");
        }
        Optional<Manifest> manifest = Manifest.parse(Files.readAllBytes(file));
        if (manifest.isEmpty()) {
            throw new UnsafeOutputException(
                    Layout.MANIFEST,
                    Layout.MANIFEST + " is damaged; restore it from Git (git checkout -- " + Layout.MANIFEST + ")");
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

    /**
     * A previous run was killed mid-transaction: put the old tree back, if the journal is one this
     * run may act on ({@link Journal#read}); staged files of a run killed before its journal was
     * written are removed. Called with the tree's write lock held ({@link TreeLock#exclusive}).
     *
     * @return whether there was a transaction to roll back
     */
    static boolean recover(Path root, Disk disk) throws UnsafeOutputException, IOException {
        Path tx = resolve(root, TX);
        if (!Files.exists(tx, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path journal = resolve(root, JOURNAL);
        boolean rolledBack = Files.exists(journal, LinkOption.NOFOLLOW_LINKS);
        if (rolledBack) {
            Journal.read(root, tx, journal).rollback(root, tx, disk);
        }
        deleteTree(tx);
        return rolledBack;
    }

    /** Deletes a folder and everything in it; links in it are removed as links, never followed. */
    static void deleteTree(Path dir) throws IOException {
        deleteTree(dir, Disk.REAL);
    }

    private static void deleteTree(Path dir, Disk disk) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                disk.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                disk.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** One journalled change of the tree. */
    private static final class Transaction {
        private final Path root;
        private final Path tx;
        private final SortedMap<String, byte[]> writes;
        /** Written paths that the comparison found missing: nothing to set aside, no need to ask again. */
        private final Set<String> missing;

        private final List<String> deletes;
        private final Disk disk;
        /** Folders known to exist: each is made once per transaction. */
        private final Set<Path> madeDirectories = new HashSet<>();

        /** Where the stamp of each file written goes, taken right after writing it; null: none taken. */
        private final Map<String, Stamp> stamps;

        Transaction(
                Path root,
                SortedMap<String, byte[]> writes,
                Set<String> missing,
                List<String> deletes,
                Map<String, Stamp> stamps,
                Disk disk) {
            this.root = root;
            this.tx = resolve(root, TX);
            this.writes = writes;
            this.missing = missing;
            this.deletes = deletes;
            this.disk = disk;
            this.stamps = Stamp.supported(root) ? stamps : null;
        }

        /** Records the stamp of a file this transaction just wrote or moved in. */
        private void stamp(String path, Path file) throws IOException {
            if (stamps != null) {
                Stamp.of(file).ifPresent(stamp -> stamps.put(path, stamp));
            }
        }

        void commit() throws OutputTreeException {
            Folders folders = new Folders(root);
            List<Journal.Entry> entries = new ArrayList<>();
            for (Map.Entry<String, byte[]> write : writes.entrySet()) {
                String path = write.getKey();
                folders.noLinksOnTheWay(path);
                // a missing file that has appeared since is not overwritten: its CREATE_NEW fails and rolls back
                boolean replaced =
                        !missing.contains(path) && Files.exists(resolve(root, path), LinkOption.NOFOLLOW_LINKS);
                entries.add(
                        replaced
                                ? new Journal.Entry(Journal.Entry.REPLACED, 0, path)
                                : new Journal.Entry(Journal.Entry.NEW, write.getValue().length, path));
            }
            for (String path : deletes) {
                folders.noLinksOnTheWay(path);
                entries.add(new Journal.Entry(Journal.Entry.DELETED, 0, path));
            }
            Journal journal = new Journal(entries);
            Path journalFile = resolve(root, JOURNAL);
            try {
                // the tree itself is untouched until the journal exists, which it does whole or not at all
                stage(entries);
                Path draft = resolve(root, JOURNAL + ".new");
                createDirectories(tx);
                disk.createSynced(draft, journal.toBytes(root, tx));
                disk.move(draft, journalFile);
            } catch (IOException | RuntimeException e) {
                String outcome = "nothing was changed";
                try {
                    deleteTree(tx);
                } catch (IOException suppressed) {
                    outcome += " (the staged files in " + TX + " are removed by the next run)";
                }
                throw OutputIoException.of(root, "writing", asIo(e), outcome);
            }
            try {
                writeNewFiles(entries);
                for (Journal.Entry entry : entries) {
                    if (entry.kind() == Journal.Entry.NEW) {
                        continue;
                    }
                    String path = entry.path();
                    Path target = resolve(root, path);
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Path aside = resolve(tx, "old/" + path);
                        createDirectories(aside.getParent());
                        disk.move(target, aside);
                    }
                    if (entry.kind() == Journal.Entry.REPLACED) {
                        createDirectories(target.getParent());
                        disk.move(resolve(tx, "new/" + path), target);
                        stamp(path, target);
                    }
                }
                // the commit point: once the journal is gone the new tree stands
                disk.delete(journalFile);
            } catch (IOException | RuntimeException e) {
                IOException cause = asIo(e);
                try {
                    journal.rollback(root, tx, disk);
                    deleteTree(tx);
                } catch (IOException | UnsafeOutputException | RuntimeException failed) {
                    throw OutputIoException.of(
                            root,
                            "writing",
                            cause,
                            "restoring the previous tree failed too (" + failed.getMessage() + "); the journal in "
                                    + TX + " is kept: once the cause is fixed, run render again, which finishes"
                                    + " restoring the previous tree before anything else");
                }
                throw OutputIoException.of(
                        root, "writing", cause, "nothing was changed: the previous tree was restored");
            }
            try {
                deleteTree(tx, disk);
                for (String path : deletes) {
                    pruneEmptyParents(resolve(root, path).getParent());
                }
            } catch (IOException e) {
                // the new tree stands; leftovers in tx are removed by the next run, empty folders stay
            }
        }

        /** Stages the replacements: until the journal exists, the tree itself is untouched. */
        private void stage(List<Journal.Entry> entries) throws IOException {
            for (Journal.Entry entry : entries) {
                if (entry.kind() == Journal.Entry.REPLACED) {
                    Path staged = resolve(tx, "new/" + entry.path());
                    createDirectories(staged.getParent());
                    try {
                        disk.create(staged, writes.get(entry.path()));
                    } catch (IOException e) {
                        throw OutputIoException.at(resolve(root, entry.path()), e);
                    }
                }
            }
        }

        /**
         * New files go straight to their places, on both cores: the journal names them, and with
         * nothing set aside and nothing staged a rollback deletes them. Their folders are made
         * first, one by one; every write runs to its end before the first failure is thrown, so
         * no write is still under way when the rollback starts.
         */
        private void writeNewFiles(List<Journal.Entry> entries) throws IOException {
            List<String> fresh = entries.stream()
                    .filter(entry -> entry.kind() == Journal.Entry.NEW)
                    .map(Journal.Entry::path)
                    .toList();
            for (String path : fresh) {
                createDirectories(resolve(root, path).getParent());
            }
            List<IOException> failures = (disk.parallel() ? fresh.parallelStream() : fresh.stream())
                    .map(path -> {
                        try {
                            Path target = resolve(root, path);
                            disk.create(target, writes.get(path));
                            stamp(path, target);
                            return null;
                        } catch (IOException e) {
                            return OutputIoException.at(resolve(root, path), e);
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
                disk.createDirectories(dir);
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
                disk.delete(d);
            }
        }
    }

    private static IOException asIo(Throwable e) {
        return e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e);
    }
}
