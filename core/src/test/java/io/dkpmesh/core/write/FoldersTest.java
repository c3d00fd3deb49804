package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No folder on the way to a file of the tree may be a symbolic link. */
class FoldersTest {

    @TempDir
    Path root;

    @Test
    void plainFoldersAndMissingFoldersPass() throws IOException {
        Files.createDirectories(root.resolve("clusters/msk"));
        Folders folders = new Folders(root);
        assertThatCode(() -> folders.noLinksOnTheWay("clusters/msk/mesh/x.yaml"))
                .doesNotThrowAnyException();
        assertThatCode(() -> folders.noLinksOnTheWay("ACCESS.md")).doesNotThrowAnyException();
    }

    @Test
    void aLinkedFolderIsNamed() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(root.resolve("clusters"));
        assumeTrue(trySymlink(root.resolve("clusters/msk"), elsewhere), "symbolic links are not supported here");
        assertThatThrownBy(() -> new Folders(root).noLinksOnTheWay("clusters/msk/mesh/x.yaml"))
                .isInstanceOfSatisfying(UnsafeOutputException.class, e -> {
                    assertThat(e.path()).isEqualTo("clusters/msk");
                    assertThat(e.getMessage()).startsWith("clusters/msk is a symbolic link");
                });
    }

    @Test
    void aFolderCheckedOnceIsNotCheckedAgain() throws IOException {
        Files.createDirectories(root.resolve("clusters/msk"));
        Folders folders = new Folders(root);
        assertThatCode(() -> folders.noLinksOnTheWay("clusters/msk/a.yaml")).doesNotThrowAnyException();
        // a link made after the check is not seen: the check is once per folder and run, by design
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.delete(root.resolve("clusters/msk"));
        assumeTrue(trySymlink(root.resolve("clusters/msk"), elsewhere), "symbolic links are not supported here");
        assertThatCode(() -> folders.noLinksOnTheWay("clusters/msk/b.yaml")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Folders(root).noLinksOnTheWay("clusters/msk/b.yaml"))
                .isInstanceOf(UnsafeOutputException.class);
    }

    private static boolean trySymlink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
