package io.dkpmesh.core.write;

import io.dkpmesh.core.layout.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One writer or many readers per output tree: an OS lock on {@link Layout#LOCK} (held by the
 * process, so two builds, a build and an IDE, or two shells exclude each other) and, since
 * the OS lock belongs to the whole JVM, a lock per tree inside it (two modules of one parallel
 * build). A run that finds the tree locked waits; after {@link #WAIT} it gives up with a finding
 * that names the holder.
 *
 * <p>Taking the write lock is also where the tree's shape is proved before anything in it is
 * touched: the output directory, {@code .dkp-mesh} and its lock are no links, a tree that is not
 * empty has a manifest, and a killed run's transaction is rolled back ({@link TreeWriter#recover}).
 * What the lock created in a tree that is then not written (the render was refused) it removes
 * again on {@link #close()}, so a refused render leaves no trace.
 */
public final class TreeLock implements AutoCloseable {

    /** How long a run waits for another to finish writing the same tree. */
    public static final Duration WAIT = Duration.ofMinutes(2);

    private static final Map<Path, ReentrantReadWriteLock> IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 25;

    private final Path root;
    private final Lock inJvm;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final boolean rolledBack;
    /** What taking the lock created, deepest first: removed again unless the tree was written. */
    private final Path[] created;

    private boolean written;

    private TreeLock(
            Path root, Lock inJvm, FileChannel channel, FileLock fileLock, boolean rolledBack, Path[] created) {
        this.root = root;
        this.inJvm = inJvm;
        this.channel = channel;
        this.fileLock = fileLock;
        this.rolledBack = rolledBack;
        this.created = created;
    }

    /**
     * The right to write the tree at {@code outputDirectory}, after rolling back a killed run's
     * transaction.
     *
     * @param waiting told once, when another run holds the lock and this one starts to wait
     */
    public static TreeLock exclusive(Path outputDirectory, Consumer<String> waiting) throws OutputTreeException {
        return exclusive(outputDirectory, waiting, WAIT, Disk.REAL);
    }

    static TreeLock exclusive(Path outputDirectory, Consumer<String> waiting, Duration wait, Disk disk)
            throws OutputTreeException {
        Path root = outputDirectory.toAbsolutePath().normalize();
        Lock inJvm = IN_THIS_JVM
                .computeIfAbsent(root, r -> new ReentrantReadWriteLock())
                .writeLock();
        long deadline = System.nanoTime() + wait.toNanos();
        acquire(inJvm, root, deadline, waiting);
        FileChannel channel = null;
        boolean done = false;
        Path[] created = new Path[0];
        try {
            checkLinks(root);
            boolean rootExisted = Files.exists(root, LinkOption.NOFOLLOW_LINKS);
            Path state = TreeWriter.resolve(root, Layout.STATE_FOLDER);
            boolean stateExisted = Files.exists(state, LinkOption.NOFOLLOW_LINKS);
            Path lockFile = TreeWriter.resolve(root, Layout.LOCK);
            boolean lockExisted = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
            Files.createDirectories(state);
            channel = FileChannel.open(
                    lockFile,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            created =
                    new Path[] {lockExisted ? null : lockFile, stateExisted ? null : state, rootExisted ? null : root};
            FileLock fileLock = fileLock(channel, false, root, deadline, waiting);
            holder(channel);
            boolean rolledBack = TreeWriter.recover(root, disk);
            // after the rollback: a run killed with its manifest set aside left none in the tree
            checkOwned(root);
            TreeLock lock = new TreeLock(root, inJvm, channel, fileLock, rolledBack, created);
            done = true;
            return lock;
        } catch (IOException e) {
            throw OutputIoException.of(root, "locking", e, "nothing was changed");
        } finally {
            if (!done) {
                letGo(channel, created, inJvm);
            }
        }
    }

    /**
     * The right to read the tree while no run writes it: taken when the tree has a lock file (a
     * reader never creates one); empty when it has none, as a tree no render of this version wrote.
     */
    public static TreeLock shared(Path outputDirectory) throws OutputTreeException {
        Path root = outputDirectory.toAbsolutePath().normalize();
        Lock inJvm = IN_THIS_JVM
                .computeIfAbsent(root, r -> new ReentrantReadWriteLock())
                .readLock();
        long deadline = System.nanoTime() + WAIT.toNanos();
        acquire(inJvm, root, deadline, message -> {});
        FileChannel channel = null;
        boolean done = false;
        try {
            checkLinks(root);
            Path lockFile = TreeWriter.resolve(root, Layout.LOCK);
            FileLock fileLock = null;
            if (Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    channel = FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    fileLock = fileLock(channel, true, root, deadline, message -> {});
                } catch (NoSuchFileException gone) {
                    // removed between the look and the open: nobody holds it
                }
            }
            TreeLock lock = new TreeLock(root, inJvm, channel, fileLock, false, new Path[0]);
            lock.written = true;
            done = true;
            return lock;
        } catch (IOException e) {
            throw OutputIoException.of(root, "locking", e, "nothing was changed");
        } finally {
            if (!done) {
                letGo(channel, new Path[0], inJvm);
            }
        }
    }

    /** Whether taking the lock rolled back a killed run's transaction (which changes what is on disk). */
    boolean rolledBack() {
        return rolledBack;
    }

    Path root() {
        return root;
    }

    /** The tree was written (or found current): what taking the lock created stays. */
    void written() {
        written = true;
    }

    @Override
    public void close() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it as well
        }
        letGo(channel, written ? new Path[0] : created, inJvm);
    }

    /**
     * Lets go of a lock, taken or half taken: closes its channel (which releases the OS lock),
     * removes what taking it created, and unlocks the lock inside the JVM.
     */
    private static void letGo(FileChannel channel, Path[] created, Lock inJvm) {
        closeQuietly(channel);
        removeCreated(created);
        inJvm.unlock();
    }

    /**
     * The output directory, {@code .dkp-mesh} and its lock and transaction are what they should be:
     * no links, folders where folders belong, and a tree that is not empty has a manifest.
     */
    static void checkShape(Path root) throws UnsafeOutputException, IOException {
        checkLinks(root);
        checkOwned(root);
    }

    /** The output directory, {@code .dkp-mesh}, its transaction and its lock are no links, and folders where folders belong. */
    private static void checkLinks(Path root) throws UnsafeOutputException {
        if (Files.isSymbolicLink(root)) {
            throw Folders.link("");
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeOutputException(root + " exists and is not a directory");
        }
        for (String path : new String[] {Layout.STATE_FOLDER, Layout.TRANSACTION}) {
            Path folder = TreeWriter.resolve(root, path);
            if (Files.isSymbolicLink(folder)) {
                throw Folders.link(path);
            }
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeOutputException(
                        path,
                        path + " is not a folder; dkp-mesh keeps its own state there."
                                + " Move it away and render again");
            }
        }
        Path lock = TreeWriter.resolve(root, Layout.LOCK);
        if (Files.isSymbolicLink(lock)) {
            throw Folders.link(Layout.LOCK);
        }
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeOutputException(
                    Layout.LOCK,
                    Layout.LOCK + " is not a regular file; dkp-mesh keeps its lock there. Remove it and render again");
        }
    }

    /** A tree that is not empty has a manifest: otherwise dkp-mesh cannot tell its files from others'. */
    private static void checkOwned(Path root) throws UnsafeOutputException, IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.exists(TreeWriter.resolve(root, Layout.MANIFEST), LinkOption.NOFOLLOW_LINKS) && hasContent(root)) {
            throw new UnsafeOutputException(
                    "the output directory " + root + " is not empty and has no " + Layout.MANIFEST
                            + ", so dkp-mesh cannot tell its files from yours; render into an empty or new directory"
                            + " (or move the existing files away)");
        }
    }

    /** Local bookkeeping that a tree without a manifest may hold: a lock, its ignore file, a transaction. */
    private static final Set<String> BOOKKEEPING = Set.of("lock", ".gitignore", "tx");

    /** Whether the folder holds anything besides dkp-mesh's local bookkeeping. */
    private static boolean hasContent(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(Layout.STATE_FOLDER)
                        || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
                try (DirectoryStream<Path> state = Files.newDirectoryStream(entry)) {
                    for (Path file : state) {
                        if (!BOOKKEEPING.contains(file.getFileName().toString())) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static void acquire(Lock lock, Path root, long deadline, Consumer<String> waiting)
            throws OutputLockedException {
        try {
            if (lock.tryLock()) {
                return;
            }
            waiting.accept("waiting for another dkp-mesh run in this JVM that is writing " + root);
            if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw locked(root, "another dkp-mesh run in this JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw locked(root, "another dkp-mesh run in this JVM (interrupted while waiting)");
        }
    }

    private static FileLock fileLock(
            FileChannel channel, boolean shared, Path root, long deadline, Consumer<String> waiting)
            throws IOException, OutputLockedException {
        boolean told = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            String holder = holderOf(channel);
            if (System.nanoTime() > deadline) {
                throw locked(root, holder);
            }
            if (!told) {
                waiting.accept("waiting for " + holder + ", which is writing " + root);
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw locked(root, holder + " (interrupted while waiting)");
            }
        }
    }

    private static OutputLockedException locked(Path root, String holder) {
        return new OutputLockedException(
                Layout.LOCK,
                holder + " has been writing " + root + " for more than " + WAIT.toSeconds()
                        + " s; dkp-mesh writes one tree at a time, so this run changed nothing. Let that run"
                        + " finish (or stop it) and run again");
    }

    /** Writes who holds the lock into the lock file, for the message of a run that waits. */
    private static void holder(FileChannel channel) throws IOException {
        byte[] who = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer now = ByteBuffer.allocate(who.length + 1);
        if (channel.read(now, 0) == who.length
                && java.util.Arrays.equals(now.array(), 0, who.length, who, 0, who.length)) {
            // this process held it last: its mtime stays
            return;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(who), 0);
    }

    private static String holderOf(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int read = channel.read(buffer, 0);
            String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).trim();
            return text.matches("pid [0-9]{1,10}") ? "another dkp-mesh run (" + text + ")" : "another dkp-mesh run";
        } catch (IOException e) {
            return "another dkp-mesh run";
        }
    }

    private static void removeCreated(Path[] created) {
        for (Path path : created) {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a folder that is no longer empty stays; nothing of ours is lost
                }
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the lock goes with the channel
            }
        }
    }
}
