package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.GoldenCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWriterTest {

    @TempDir
    Path dir;

    private static SortedMap<String, byte[]> tree(String... pathsAndContents) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            out.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private TreeWriter.Result write(Path out, SortedMap<String, byte[]> files) throws Exception {
        return TreeWriter.write(out, files, p -> true, "test", "t");
    }

    /** Writes what a comparison found, under the lock, as a render does. */
    private static TreeWriter.Result writeAsCompared(
            Path out, SortedMap<String, byte[]> files, TreeWriter.Changes compared) throws Exception {
        try (TreeLock lock = TreeLock.exclusive(out, message -> {})) {
            return TreeWriter.write(lock, files, p -> true, "test", "t", compared);
        }
    }

    @Test
    void writesOwnsAndCleansUpOnlyItsOwnFiles() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("clusters/a/x.yaml", "x1", "clusters/b/y.yaml", "y1"));
        Files.writeString(out.resolve("clusters/a/mine.txt"), "user file");
        Files.writeString(out.resolve("README.md"), "user readme");

        TreeWriter.Result result = write(out, tree("clusters/a/x.yaml", "x2"));

        assertThat(result.written()).isEqualTo(1);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(out.resolve("clusters/a/x.yaml")).hasContent("x2");
        assertThat(out.resolve("clusters/b")).doesNotExist();
        assertThat(out.resolve("clusters/a/mine.txt")).hasContent("user file");
        assertThat(out.resolve("README.md")).hasContent("user readme");
        assertThat(out.resolve(".dkp-mesh/tx")).doesNotExist();
    }

    @Test
    void aComparisonMadeBeforeAKilledRunWasRolledBackIsMadeAgain() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "old"));
        // a run killed mid-transaction had moved a.yaml aside: the tree shows it missing
        Path tx = out.resolve(TreeWriter.TX);
        Files.createDirectories(tx.resolve("old"));
        Files.move(out.resolve("a.yaml"), tx.resolve("old/a.yaml"));
        SortedMap<String, byte[]> files = tree("a.yaml", "new");
        TreeWriter.Changes compared = TreeWriter.compare(out, files, p -> true, "test", "t");
        assertThat(compared.missing()).containsExactly("a.yaml");
        Files.write(
                out.resolve(TreeWriter.JOURNAL),
                new Journal(List.of(new Journal.Entry(Journal.Entry.REPLACED, 0, "a.yaml"))).toBytes(out, tx));

        // taking the lock rolls that run back first (a.yaml is there again), so what it found no longer holds
        TreeWriter.Result result;
        try (TreeLock lock = TreeLock.exclusive(out, message -> {})) {
            assertThat(out.resolve("a.yaml")).hasContent("old");
            result = TreeWriter.write(lock, files, p -> true, "test", "t", compared);
        }

        assertThat(result.written()).isEqualTo(1);
        assertThat(out.resolve("a.yaml")).hasContent("new");
        assertThat(out.resolve(TreeWriter.TX)).doesNotExist();
    }

    @Test
    void aComparisonJustMadeIsWrittenAsFound() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "a", "b.yaml", "b"));
        SortedMap<String, byte[]> files = tree("a.yaml", "a2", "c.yaml", "c");
        TreeWriter.Changes compared = TreeWriter.compare(out, files, p -> true, "test", "t");

        TreeWriter.Result result = writeAsCompared(out, files, compared);

        assertThat(result.written()).isEqualTo(2);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.changes()).isSameAs(compared);
        assertThat(out.resolve("a.yaml")).hasContent("a2");
        assertThat(out.resolve("c.yaml")).hasContent("c");
        assertThat(out.resolve("b.yaml")).doesNotExist();
        assertThat(TreeWriter.compare(out, files, p -> true, "test", "t").isEmpty())
                .isTrue();
    }

    /**
     * The stamps a write hands on are those of the tree as it now is: of each file written, taken
     * after writing it, and of each file found the same (the manifest among them), taken before
     * reading it. The comparison alone stamps only the files it found the same.
     */
    @Test
    void aWriteStampsEveryFileItWroteOrFoundTheSame() throws Exception {
        assumeTrue(Stamp.supported(dir), "stamps need the unix file attributes");
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "a", "b.yaml", "b"));
        SortedMap<String, byte[]> files = tree("a.yaml", "a", "b.yaml", "b2", "c/d.yaml", "d");
        TreeWriter.Changes compared = TreeWriter.compare(out, files, p -> true, "test", "t");
        assertThat(compared.stamps()).containsOnlyKeys("a.yaml");

        TreeWriter.Result result = writeAsCompared(out, files, compared);

        assertThat(result.stamps()).containsOnlyKeys("a.yaml", "b.yaml", "c/d.yaml", Layout.MANIFEST);
        for (var entry : result.stamps().entrySet()) {
            assertThat(Stamp.of(out.resolve(entry.getKey()))).as(entry.getKey()).contains(entry.getValue());
        }
        TreeWriter.Result again = TreeWriter.write(out, files, p -> true, "test", "t");
        assertThat(again.written()).isZero();
        assertThat(again.stamps()).isEqualTo(result.stamps());
    }

    @Test
    void onlyPlainRelativePathsInsideTheTreeAreSafe() throws Exception {
        for (String good : List.of("a", "a/b.yaml", "clusters/msk/.hidden", "a/..b", "...", "a/b..", "a/.b/c")) {
            assertThat(TreeWriter.safe(good)).isEqualTo(good);
        }
        for (String bad : List.of(
                "",
                "/a",
                "a/",
                "a//b",
                ".",
                "..",
                "./a",
                "a/.",
                "a/./b",
                "../a",
                "a/..",
                "a/../b",
                "a\\b",
                "a\0b",
                Layout.MANIFEST,
                Layout.TRANSACTION + "/new/a")) {
            assertThatThrownBy(() -> TreeWriter.safe(bad)).as(bad).isInstanceOf(UnsafeOutputException.class);
        }
    }

    @Test
    void unchangedFilesAreNotRewritten() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "a", "b.yaml", "b"));
        var before = Files.getLastModifiedTime(out.resolve("a.yaml"));
        var manifestBefore = Files.getLastModifiedTime(out.resolve(Layout.MANIFEST));
        Thread.sleep(20);
        assertThat(write(out, tree("a.yaml", "a", "b.yaml", "b2")).written()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(out.resolve("a.yaml"))).isEqualTo(before);
        TreeWriter.Result nothing = write(out, tree("a.yaml", "a", "b.yaml", "b2"));
        assertThat(nothing.written()).isZero();
        assertThat(nothing.deleted()).isZero();
        assertThat(Files.getLastModifiedTime(out.resolve(Layout.MANIFEST))).isNotEqualTo(manifestBefore);
    }

    @Test
    void refusesNonEmptyDirectoryWithoutManifest() throws Exception {
        Path out = dir.resolve("rendered");
        Files.createDirectories(out);
        Files.writeString(out.resolve("precious.yaml"), "keep me");
        assertThatThrownBy(() -> write(out, tree("a.yaml", "a")))
                .isInstanceOf(UnsafeOutputException.class)
                .hasMessageContaining("not empty and has no .dkp-mesh/manifest.json");
        assertThat(GoldenCases.files(out)).containsOnlyKeys("precious.yaml");
    }

    @Test
    void neverWritesThroughASymbolicLink(@TempDir Path outside) throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("clusters/a/x.yaml", "x1"));
        Files.createSymbolicLink(out.resolve("clusters/b"), outside);
        assertThatThrownBy(() -> write(out, tree("clusters/a/x.yaml", "x1", "clusters/b/evil.yaml", "boom")))
                .isInstanceOf(UnsafeOutputException.class)
                .hasMessageContaining("symbolic link");
        assertThat(outside).isEmptyDirectory();
        assertThat(out.resolve("clusters/a/x.yaml")).hasContent("x1");
    }

    @Test
    void refusesAManifestThatPointsOutsideTheTree() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "a"));
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "do not delete");
        Files.writeString(
                out.resolve(Layout.MANIFEST), "{\"generator\":\"dkp-mesh\",\"files\":{\"../victim.txt\":\"x\"}}");
        assertThatThrownBy(() -> write(out, tree("a.yaml", "a")))
                .isInstanceOf(UnsafeOutputException.class)
                .hasMessageContaining("refusing path ../victim.txt");
        assertThat(victim).hasContent("do not delete");
    }

    /** The state a kill leaves after some files were swapped: the next run restores the old tree. */
    @Test
    void killedTransactionIsRolledBackByTheNextRun() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "old a", "b.yaml", "old b", "gone.yaml", "old gone"));
        SortedMap<String, byte[]> oldTree = GoldenCases.files(out);
        // simulate: journal written, a.yaml swapped, new c.yaml moved in, gone.yaml moved aside, b.yaml not reached yet
        Path tx = out.resolve(".dkp-mesh/tx");
        Files.createDirectories(tx.resolve("old"));
        Files.createDirectories(tx.resolve("new"));
        Files.write(
                tx.resolve("journal"),
                new Journal(List.of(
                                new Journal.Entry(Journal.Entry.REPLACED, 0, "a.yaml"),
                                new Journal.Entry(Journal.Entry.REPLACED, 0, "b.yaml"),
                                new Journal.Entry(Journal.Entry.NEW, 5, "c.yaml"),
                                new Journal.Entry(Journal.Entry.DELETED, 0, "gone.yaml")))
                        .toBytes(out, tx));
        Files.move(out.resolve("a.yaml"), tx.resolve("old/a.yaml"));
        Files.writeString(out.resolve("a.yaml"), "new a");
        Files.writeString(tx.resolve("new/b.yaml"), "new b");
        Files.writeString(out.resolve("c.yaml"), "new c");
        Files.move(out.resolve("gone.yaml"), tx.resolve("old/gone.yaml"));

        assertThat(TreeWriter.recover(out, Disk.REAL)).isTrue();

        assertThat(tx).doesNotExist();
        SortedMap<String, byte[]> now = GoldenCases.files(out);
        assertThat(now.keySet()).isEqualTo(oldTree.keySet());
        now.forEach((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(new String(oldTree.get(path), StandardCharsets.UTF_8)));
    }

    @Test
    void leftoversOfAKillDuringStagingAreRemoved() throws Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("a.yaml", "old a"));
        Files.createDirectories(out.resolve(".dkp-mesh/tx/new"));
        Files.writeString(out.resolve(".dkp-mesh/tx/new/a.yaml"), "half");
        write(out, tree("a.yaml", "old a"));
        assertThat(out.resolve(".dkp-mesh/tx")).doesNotExist();
        assertThat(out.resolve("a.yaml")).hasContent("old a");
    }

    @Test
    void partialScopeKeepsOtherClustersFiles() throws IOException, Exception {
        Path out = dir.resolve("rendered");
        write(out, tree("clusters/a/x.yaml", "a1", "clusters/b/y.yaml", "b1"));
        TreeWriter.write(out, tree("clusters/a/x.yaml", "a2"), p -> p.startsWith("clusters/a/"), "test", "t");
        assertThat(out.resolve("clusters/a/x.yaml")).hasContent("a2");
        assertThat(out.resolve("clusters/b/y.yaml")).hasContent("b1");
        assertThat(TreeWriter.readManifest(out).orElseThrow().files())
                .containsOnlyKeys("clusters/a/x.yaml", "clusters/b/y.yaml");
    }
}
