package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.RenderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input a render depends on moves the fingerprint; nothing else does. */
class InputFingerprintTest {

    @TempDir
    Path dir;

    Path topology;
    Path templates;
    RenderRequest request;

    @BeforeEach
    void setUp() throws Exception {
        topology = Files.writeString(dir.resolve("topology.yaml"), "kind: MeshTopology\n");
        Files.writeString(dir.resolve("ca.pem"), "certificate\n");
        templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("a.ftl"), "a\n");
        request = new RenderRequest(topology, dir.resolve("rendered"), Optional.of(templates), Set.of("msk"));
    }

    private String fingerprint() {
        return fingerprint("engine-1", request, "topology.yaml", "phrasing", List.of("ca.pem"));
    }

    private static String fingerprint(
            String engine, RenderRequest request, String displayName, String phrasing, List<String> named) {
        return InputFingerprint.of(engine, request, displayName, phrasing, named)
                .orElseThrow();
    }

    @Test
    void theSameInputsGiveTheSameFingerprintWhereverTheOutputGoes() {
        assertThat(fingerprint()).isEqualTo(fingerprint()).hasSize(64);
        RenderRequest elsewhere =
                new RenderRequest(topology, dir.resolve("other"), Optional.of(templates), Set.of("msk"));
        assertThat(fingerprint("engine-1", elsewhere, "topology.yaml", "phrasing", List.of("ca.pem")))
                .isEqualTo(fingerprint());
    }

    @Test
    void eachRequestPartMovesIt() {
        String base = fingerprint();
        assertThat(fingerprint("engine-2", request, "topology.yaml", "phrasing", List.of("ca.pem")))
                .as("another engine build")
                .isNotEqualTo(base);
        assertThat(fingerprint("engine-1", request, "./topology.yaml", "phrasing", List.of("ca.pem")))
                .as("how findings name the topology")
                .isNotEqualTo(base);
        assertThat(fingerprint("engine-1", request, "topology.yaml", "other phrasing", List.of("ca.pem")))
                .as("how findings phrase fixes")
                .isNotEqualTo(base);
        assertThat(fingerprint("engine-1", request, "topology.yaml", "phrasing", List.of()))
                .as("the files the topology names")
                .isNotEqualTo(base);
        RenderRequest all = new RenderRequest(topology, request.outputDirectory(), Optional.of(templates), Set.of());
        assertThat(fingerprint("engine-1", all, "topology.yaml", "phrasing", List.of("ca.pem")))
                .as("the cluster filter")
                .isNotEqualTo(base);
        RenderRequest builtIn = new RenderRequest(topology, request.outputDirectory(), Optional.empty(), Set.of("msk"));
        assertThat(fingerprint("engine-1", builtIn, "topology.yaml", "phrasing", List.of("ca.pem")))
                .as("the templates folder")
                .isNotEqualTo(base);
    }

    @Test
    void eachFileMovesIt() throws Exception {
        String base = fingerprint();
        Files.writeString(topology, "kind: MeshTopology\n#\n");
        String topologyChanged = fingerprint();
        assertThat(topologyChanged).isNotEqualTo(base);
        Files.writeString(dir.resolve("ca.pem"), "certificate!\n");
        String caChanged = fingerprint();
        assertThat(caChanged).isNotEqualTo(topologyChanged);
        Files.delete(dir.resolve("ca.pem"));
        String caGone = fingerprint();
        assertThat(caGone).isNotEqualTo(caChanged);
        Files.writeString(templates.resolve("a.ftl"), "b\n");
        String templateChanged = fingerprint();
        assertThat(templateChanged).isNotEqualTo(caGone);
        Files.createDirectories(templates.resolve("sub"));
        String folderAdded = fingerprint();
        assertThat(folderAdded).isNotEqualTo(templateChanged);
        Files.writeString(templates.resolve("sub/a.ftl"), "b\n");
        assertThat(fingerprint()).isNotEqualTo(folderAdded);
    }

    @Test
    void partsDoNotRunTogether() throws Exception {
        Files.writeString(templates.resolve("a.ftl"), "");
        Files.writeString(templates.resolve("b.ftl"), "x");
        String split = fingerprint();
        Files.writeString(templates.resolve("a.ftl"), "x");
        Files.writeString(templates.resolve("b.ftl"), "");
        assertThat(fingerprint()).isNotEqualTo(split);
    }

    @Test
    void aLinkInTheTemplatesFolderOrAMissingTopologyMeansNoFingerprint() throws Exception {
        Files.createSymbolicLink(templates.resolve("link.ftl"), dir.resolve("ca.pem"));
        assertThat(InputFingerprint.of("e", request, "t", "p", List.of())).isEmpty();
        Files.delete(templates.resolve("link.ftl"));
        Files.delete(topology);
        assertThat(InputFingerprint.of("e", request, "t", "p", List.of())).isEmpty();
    }

    @Test
    void theEngineIsFingerprintedFromItsOwnCode() {
        assertThat(InputFingerprint.engine()).hasSize(64).isEqualTo(InputFingerprint.engine());
    }
}
