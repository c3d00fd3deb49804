package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stamp is what lstat says of a regular file, and counts only once its modification time lies
 * more than a tick of the file system's clock before the moment the state holding it is written,
 * as Git's racily clean entries (git/git Documentation/technical/racy-git.txt).
 */
class StampTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void aStampIsKeptOnlyWhenItsTimeLiesWellBeforeTheRecording() {
        long at = 1_700_000_000L * SECOND + 500 * MS;
        assertThat(new Stamp(1, at - 51 * MS, "k").settledBefore(at)).isTrue();
        assertThat(new Stamp(1, at - 49 * MS, "k").settledBefore(at))
                .as("modified within a tick or so")
                .isFalse();
        // whole seconds: a file system that keeps no more, where a write in the same second looks the same
        long second = at - 500 * MS - SECOND;
        assertThat(new Stamp(1, second, "k").settledBefore(at)).isFalse();
        assertThat(new Stamp(1, second, "k").settledBefore(second + 3 * SECOND + 1))
                .isTrue();
    }

    @Test
    void aStampIsWhatLstatSaysOfARegularFileOnly() throws Exception {
        assumeTrue(Stamp.supported(dir), "stamps need file keys");
        Path file = Files.writeString(dir.resolve("a.yaml"), "abc");
        Stamp stamp = Stamp.of(file).orElseThrow();
        assertThat(stamp.size()).isEqualTo(3);
        assertThat(stamp.modified()).isEqualTo(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
        assertThat(Stamp.of(file)).contains(stamp);

        // the same bytes and time in another inode: another file
        Path copy = dir.resolve("copy.yaml");
        Files.copy(file, copy);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(file));
        Stamp copied = Stamp.of(copy).orElseThrow();
        assertThat(copied.size()).isEqualTo(stamp.size());
        assertThat(copied.modified()).isEqualTo(stamp.modified());
        assertThat(copied).isNotEqualTo(stamp);

        assertThat(Stamp.of(dir)).as("a folder").isEmpty();
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), file);
        assertThat(Stamp.of(link)).as("a link, not followed").isEmpty();
        assertThatThrownBy(() -> Stamp.of(dir.resolve("none.yaml"))).isInstanceOf(NoSuchFileException.class);
    }
}
