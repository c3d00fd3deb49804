package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only files whose bytes are what dkp-mesh wrote are deleted: a manifest entry whose sha256 does
 * not match the file (a forged entry naming the user's file, or an owned file edited by hand) keeps
 * the file, says so (DKPM905), and the new manifest no longer owns it.
 */
class ForgedManifestTest {

    @TempDir
    Path repo;

    private final DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    @Test
    void aForgedManifestEntryNamingTheUsersFileDoesNotGetItDeleted() throws Exception {
        Path topology = Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        engine.render(RenderRequest.of(topology, out));
        Files.writeString(out.resolve("NOTES.md"), "the team's notes, committed next to the tree");
        // a pull request adds the notes to the manifest, as if dkp-mesh had written them
        Path manifest = out.resolve(Layout.MANIFEST);
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace("\"ACCESS.md\" :", "\"NOTES.md\" : \"" + "0".repeat(64) + "\",\n    \"ACCESS.md\" :"));
        assertThat(TreeWriter.readManifest(out).orElseThrow().files()).containsKey("NOTES.md");

        RenderSummary summary = engine.render(RenderRequest.of(topology, out));

        assertThat(out.resolve("NOTES.md")).hasContent("the team's notes, committed next to the tree");
        assertThat(summary.deleted()).isZero();
        assertThat(summary.warnings()).extracting(Finding::code).containsExactly("DKPM905");
        assertThat(summary.warnings().get(0).file()).isEqualTo(out + "/NOTES.md");
        assertThat(TreeWriter.readManifest(out).orElseThrow().files()).doesNotContainKey("NOTES.md");
    }

    @Test
    void anOwnedFileEditedByHandIsKeptWhenItIsNoLongerRendered() throws Exception {
        Path topology = Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        engine.render(RenderRequest.of(topology, out));
        Path edited = out.resolve("clusters/ams/mesh/istiofederation-msk.yaml");
        Files.writeString(edited, Files.readString(edited) + "# the on-call engineer's note\n");
        Path untouched = out.resolve("clusters/ams/mesh/istiofederation-spb.yaml");
        assertThat(untouched).exists();
        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));

        // check names it before render keeps it
        FindingsException stale = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> engine.check(RenderRequest.of(topology, out)), FindingsException.class);
        assertThat(stale.findings())
                .filteredOn(f -> f.file().equals(out + "/clusters/ams/mesh/istiofederation-msk.yaml"))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("edited by hand: render keeps it");

        RenderSummary summary = engine.render(RenderRequest.of(topology, out));

        assertThat(edited).exists().content().endsWith("# the on-call engineer's note\n");
        assertThat(untouched).doesNotExist();
        assertThat(summary.warnings())
                .filteredOn(f -> f.code().equals("DKPM905"))
                .extracting(Finding::file)
                .containsExactly(out + "/clusters/ams/mesh/istiofederation-msk.yaml");
        assertThat(TreeWriter.readManifest(out).orElseThrow().files())
                .doesNotContainKey("clusters/ams/mesh/istiofederation-msk.yaml");
    }

    /**
     * A hand edit of a file render still writes is replaced, and named (DKPM907): whether the new
     * render of the file is the same as before (only the edit differs) or changed too. A file whose
     * render changed but that nobody edited is not named, nor is anything on the next, unchanged render.
     */
    @Test
    void renderNamesTheOwnedFilesWhoseHandEditsItReplaced() throws Exception {
        Path topology = Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        engine.render(RenderRequest.of(topology, out));
        String note = "# the on-call engineer's note\n";
        Path sameRender = out.resolve("clusters/ams/mesh/istiofederation-msk.yaml");
        Path changedRender = out.resolve("clusters/msk/mesh/istiofederation-spb.yaml");
        Path changedUntouched = out.resolve("clusters/ams/mesh/istiofederation-spb.yaml");
        String untouchedBefore = Files.readString(changedUntouched);
        Files.writeString(sameRender, Files.readString(sameRender) + note);
        Files.writeString(changedRender, Files.readString(changedRender) + note);
        Files.writeString(
                topology,
                Topologies.FEDERATION.replace("publicDomain: k8s-spb.example.com", "publicDomain: spb.example.org"));

        RenderSummary summary = engine.render(RenderRequest.of(topology, out));

        assertThat(summary.warnings())
                .extracting(Finding::format)
                .containsExactly(
                        out + "/clusters/ams/mesh/istiofederation-msk.yaml: warning DKPM907 /: was edited by hand since"
                                + " dkp-mesh wrote it (.dkp-mesh/manifest.json records another sha256), and render replaced"
                                + " the edit with the rendered file; make the change in the topology or a template instead"
                                + " (the edit is in Git's history if it was committed)",
                        out + "/clusters/msk/mesh/istiofederation-spb.yaml: warning DKPM907 /: was edited by hand since"
                                + " dkp-mesh wrote it (.dkp-mesh/manifest.json records another sha256), and render replaced"
                                + " the edit with the rendered file; make the change in the topology or a template instead"
                                + " (the edit is in Git's history if it was committed)");
        assertThat(sameRender).content().doesNotContain(note);
        assertThat(changedRender).content().doesNotContain(note).contains("spb.example.org");
        assertThat(changedUntouched).content().isNotEqualTo(untouchedBefore);
        assertThat(engine.render(RenderRequest.of(topology, out)).warnings()).isEmpty();
    }
}
