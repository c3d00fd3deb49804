package io.dkpmesh.core.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} says of an owned file: its size, modification time and file key (device
 * and inode). A no-op run compares these instead of reading and hashing the file, as Git's index
 * and Mercurial's dirstate do to tell an untouched work-tree file without reading it (git/git
 * Documentation/technical/racy-git.txt, {@code ie_match_stat} in read-cache.c; Mercurial keeps
 * size and modification time only). Any write to a file moves its modification time, and a file
 * replaced by another (an editor's save, a checkout, a restore from a backup) has another inode.
 * An edit that keeps the size and then sets the modification time back to the nanosecond, by
 * hand, is the one change a stamp cannot see (Git sees it only by the status-change time, which
 * Java reads at three times the cost); a full render, as CI's fresh clone always runs, finds it.
 *
 * <p>A stamp stands for content only when it was taken before that content was read (the no-op
 * and the comparison with the tree on disk read after the stamp) or right after dkp-mesh wrote
 * the file itself. And, as Git's "racily clean" entries, a stamp does not count when the file's
 * time lies so close to the moment the state holding it was written that a later write within the
 * same tick of the file system's clock could leave it unchanged ({@link #settledBefore}): such
 * files are read on the next run, and stamped then.
 *
 * @param size     bytes
 * @param modified modification time, nanoseconds since the epoch
 * @param file     the file key as the JDK prints it ({@code (dev=fe00,ino=2195470)} on Linux):
 *                 another inode, another key; a JDK that prints it otherwise reads every file
 *                 once and stamps it again
 */
public record Stamp(long size, long modified, String file) {

    /** File systems with timestamps to the nanosecond, whose clock ticks every few milliseconds (Linux: 1-10 ms). */
    private static final long FINE_MARGIN = TimeUnit.MILLISECONDS.toNanos(50);

    /** Whole-second timestamps (ext3, HFS+, FAT's two seconds): a write in the same second looks the same. */
    private static final long COARSE_MARGIN = TimeUnit.SECONDS.toNanos(3);

    /**
     * Whether files under {@code path} have file keys; where they do not (Windows), every check
     * reads the file.
     */
    public static boolean supported(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    /**
     * The stamp of what is at {@code file}, not following links; empty when that is not a regular
     * file.
     *
     * @throws IOException when nothing is there, or it cannot be asked
     */
    public static Optional<Stamp> of(Path file) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new Stamp(
                attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                String.valueOf(attributes.fileKey())));
    }

    /** Compared field by field: a record's generated equals costs a cold JVM a bootstrap the no-op would pay alone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Stamp that && size == that.size && modified == that.modified && file.equals(that.file);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(size) * 31 + Long.hashCode(modified)) * 31 + file.hashCode();
    }

    /** The clock's reading now, in nanoseconds since the epoch, as stamps count. */
    public static long now() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    /**
     * Whether this stamp counts in a state written at {@code recordedAt} ({@link #now}): the
     * file's modification time lies well before that moment, by more than a tick of the file
     * system's clock, so a write after it could not leave that time as it is. A time on a whole
     * second marks a file system that keeps no more, and needs a wider margin.
     */
    public boolean settledBefore(long recordedAt) {
        long margin = modified % 1_000_000_000L == 0 ? COARSE_MARGIN : FINE_MARGIN;
        return modified < recordedAt - margin;
    }
}
