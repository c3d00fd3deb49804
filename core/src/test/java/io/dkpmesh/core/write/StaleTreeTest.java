package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.write.TreeWriter.Changes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} says about each file of a stale tree, worked from the three sha256 of a file:
 * the one the manifest recorded, the one on disk and the one a render writes.
 */
class StaleTreeTest {

    private static final String FILE = "clusters/msk/mesh/a.yaml";
    private static final Suggestions SUGGESTIONS = new Suggestions("run render", "the topology setting");

    @TempDir
    Path out;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha(String text) {
        return Manifest.sha256(bytes(text));
    }

    private void onDisk(String path, String content) throws Exception {
        Path file = out.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Optional<Manifest> recorded(String path, String content) {
        return Optional.of(new Manifest("1.0.0", "retail", new TreeMap<>(Map.of(path, sha(content)))));
    }

    /** A render that writes {@link #FILE} as {@code rendered}. */
    private static Changes writing(String rendered, Set<String> missing, Optional<Manifest> previous) {
        SortedMap<String, byte[]> writes = new TreeMap<>(Map.of(FILE, bytes(rendered)));
        SortedMap<String, String> sha256 = new TreeMap<>(Map.of(FILE, sha(rendered)));
        return new Changes(
                writes, missing, List.of(), List.of(), sha256, new byte[0], true, false, previous, List.of(), Map.of());
    }

    private static Changes removing(List<String> stale, List<String> kept, Optional<Manifest> previous) {
        return new Changes(
                new TreeMap<>(),
                Set.of(),
                stale,
                kept,
                new TreeMap<>(),
                new byte[0],
                true,
                false,
                previous,
                List.of(),
                Map.of());
    }

    private String message(Changes changes) {
        List<Finding> findings = StaleTree.findings(out, changes, SUGGESTIONS);
        assertThat(findings)
                .extracting(Finding::code, Finding::severity)
                .containsOnly(tuple("DKPM902", Severity.ERROR));
        assertThat(findings).hasSize(1);
        Finding finding = findings.get(0);
        assertThat(finding.message()).endsWith("; run render and commit the result");
        return finding.file() + ": " + finding.message();
    }

    private String at(String path) {
        return out.toString().replace('\\', '/') + "/" + path + ": ";
    }

    @Test
    void aFileNeverWrittenIsMissingAndOneDeletedSinceRenderWasDeletedByHand() {
        assertThat(message(writing("new", Set.of(FILE), Optional.empty()))).startsWith(at(FILE) + "is missing;");
        assertThat(message(writing("new", Set.of(FILE), recorded(FILE, "old"))))
                .startsWith(at(FILE) + "was deleted by hand since render wrote it;");
    }

    @Test
    void unchangedSinceRenderButRenderedAnewIsTheTopologysChange() throws Exception {
        onDisk(FILE, "old");
        assertThat(message(writing("new", Set.of(), recorded(FILE, "old"))))
                .startsWith(at(FILE) + "differs from what render writes: the topology changed;");
    }

    @Test
    void aFileNotInTheManifestCountsAsTheTopologysChange() throws Exception {
        onDisk(FILE, "mine");
        assertThat(message(writing("new", Set.of(), Optional.empty())))
                .startsWith(at(FILE) + "differs from what render writes: the topology changed;");
    }

    @Test
    void editedOnDiskWithTheSameRenderIsAHandEdit() throws Exception {
        onDisk(FILE, "edited");
        assertThat(message(writing("old", Set.of(), recorded(FILE, "old"))))
                .startsWith(at(FILE) + "was edited by hand since render wrote it;");
    }

    @Test
    void editedOnDiskAndRenderedAnewIsBoth() throws Exception {
        onDisk(FILE, "edited");
        assertThat(message(writing("new", Set.of(), recorded(FILE, "old"))))
                .startsWith(at(FILE) + "was edited by hand since render wrote it, and the topology changed too;");
    }

    @Test
    void ownedFilesNoLongerRenderedAreStaleOrKept() {
        assertThat(message(removing(List.of(FILE), List.of(), recorded(FILE, "old"))))
                .startsWith(at(FILE) + "is owned by dkp-mesh but no longer rendered;");
        assertThat(message(removing(List.of(), List.of(FILE), recorded(FILE, "old"))))
                .startsWith(at(FILE)
                        + "is owned by dkp-mesh but no longer rendered, and was edited by hand: render keeps it");
    }

    @Test
    void onlyTheManifestDifferingIsOneFindingAboutTheManifest() {
        assertThat(message(removing(List.of(), List.of(), Optional.empty())))
                .startsWith(at(".dkp-mesh/manifest.json") + "differs from what render writes;");
        Changes nothing = new Changes(
                new TreeMap<>(),
                Set.of(),
                List.of(),
                List.of(),
                new TreeMap<>(),
                new byte[0],
                false,
                false,
                Optional.empty(),
                List.of(),
                Map.of());
        assertThat(StaleTree.findings(out, nothing, SUGGESTIONS)).isEmpty();
    }

    @Test
    void aStaleFileDoesNotAlsoReportTheManifest() {
        assertThat(StaleTree.findings(out, removing(List.of(FILE), List.of(), Optional.empty()), SUGGESTIONS))
                .extracting(Finding::file)
                .containsExactly(out.toString().replace('\\', '/') + "/" + FILE);
    }

    @Test
    void keptAndReplacedHandEditsAreWarningsPerFile() {
        Changes changes = new Changes(
                new TreeMap<>(),
                Set.of(),
                List.of(),
                List.of("clusters/msk/kept.yaml"),
                new TreeMap<>(),
                new byte[0],
                true,
                false,
                Optional.empty(),
                List.of("clusters/msk/x.yaml", "clusters/spb/y.yaml"),
                Map.of());
        String base = out.toString().replace('\\', '/') + "/";
        assertThat(StaleTree.kept(out, changes))
                .extracting(Finding::code, Finding::severity, Finding::file)
                .containsExactly(tuple("DKPM905", Severity.WARNING, base + "clusters/msk/kept.yaml"));
        assertThat(StaleTree.replaced(out, changes))
                .extracting(Finding::code, Finding::severity, Finding::file)
                .containsExactly(
                        tuple("DKPM907", Severity.WARNING, base + "clusters/msk/x.yaml"),
                        tuple("DKPM907", Severity.WARNING, base + "clusters/spb/y.yaml"));
        assertThat(StaleTree.replaced(out, changes).get(0).message()).contains("render replaced the edit");
    }
}
