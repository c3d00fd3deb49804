package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.write.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unchanged re-render does not parse again the files this version already checked and wrote;
 * anything else is checked: a different generator version's tree, or bytes the manifest does not vouch for.
 */
class SelfCheckOfUnchangedFilesTest {

    private static final String FILE = "clusters/msk/mesh/istiofederation-spb.yaml";

    @TempDir
    Path dir;

    Path topology;
    Path out;
    Path templates;

    @BeforeEach
    void setUp() throws Exception {
        topology = dir.resolve("topology.yaml");
        out = dir.resolve("rendered");
        templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(topology, Topologies.FEDERATION);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, out));
        // a template whose output the self-check refuses (tlsMode is gone from DKP), planted on disk by hand
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        Files.writeString(
                templates.resolve("istiofederation.yaml.ftl"),
                builtIn.replace("spec:\n", "spec:\n  tlsMode: \"Mutual\"\n"));
    }

    private RenderRequest withTemplates() {
        return new RenderRequest(topology, out, Optional.of(templates), Set.of());
    }

    /** Puts on disk what the broken template renders, and records it in a manifest of {@code version}. */
    private void plant(String version) throws Exception {
        var rendered = new DkpMesh(EngineLog.SILENT);
        String invalid;
        try {
            rendered.renderInMemory(withTemplates());
            throw new AssertionError("the broken template must fail the full self-check");
        } catch (FindingsException expected) {
            invalid = Files.readString(out.resolve(FILE)).replace("spec:\n", "spec:\n  tlsMode: \"Mutual\"\n");
        }
        Files.writeString(out.resolve(FILE), invalid);
        Manifest manifest =
                Manifest.parse(Files.readAllBytes(out.resolve(Layout.MANIFEST))).orElseThrow();
        var files = new TreeMap<>(manifest.files());
        files.put(FILE, Manifest.sha256(invalid.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Files.write(out.resolve(Layout.MANIFEST), new Manifest(version, manifest.topology(), files).toBytes());
    }

    @Test
    void bytesFromAnotherVersionAreCheckedAgain() throws Exception {
        plant("0.0.1-older");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(withTemplates()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM702 /spec/tlsMode");
    }

    @Test
    void onlyBytesThisVersionRecordedSkipTheCheck() throws Exception {
        plant(DkpMesh.version());
        // the planted file is vouched for by the manifest; the template's five other federations are not
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(withTemplates()))
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.findings())
                                .hasSize(5)
                                .allSatisfy(f -> assertThat(f.format()).contains("error DKPM702 /spec/tlsMode"))
                                .noneSatisfy(f -> assertThat(f.file()).isEqualTo(FILE)));
    }

    @Test
    void aHandEditIsCheckedEvenUnderThisVersion() throws Exception {
        Files.writeString(out.resolve(FILE), Files.readString(out.resolve(FILE)) + "# edited\n");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(withTemplates()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM702 /spec/tlsMode");
    }
}
