package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a front end asks of the engine; nulls from a front end become "none". */
class RenderRequestTest {

    @Test
    void nullsFromAFrontEndMeanNone() {
        RenderRequest request = new RenderRequest(Path.of("t.yaml"), Path.of("out"), null, null, null, null);
        assertThat(request.templates()).isEmpty();
        assertThat(request.clusters()).isEmpty();
        assertThat(request.stateDirectory()).isEmpty();
        assertThat(request.baseline()).isEmpty();
        assertThatThrownBy(() -> new RenderRequest(null, Path.of("out"), Optional.empty(), Set.of()))
                .hasMessage("topology");
        assertThatThrownBy(() -> new RenderRequest(Path.of("t"), null, Optional.empty(), Set.of()))
                .hasMessage("outputDirectory");
    }

    @Test
    void theClustersAreCopied() {
        Set<String> clusters = new HashSet<>(Set.of("msk"));
        RenderRequest request = new RenderRequest(Path.of("t.yaml"), Path.of("out"), Optional.empty(), clusters);
        clusters.add("spb");
        assertThat(request.clusters()).containsExactly("msk");
    }

    @Test
    void withersKeepEverythingElse() {
        RenderRequest request = new RenderRequest(
                        Path.of("t.yaml"), Path.of("out"), Optional.of(Path.of("tpl")), Set.of("msk"))
                .withStateDirectory(Path.of("state"))
                .withBaseline("origin/main");
        assertThat(request.templates()).contains(Path.of("tpl"));
        assertThat(request.clusters()).containsExactly("msk");
        assertThat(request.stateDirectory()).contains(Path.of("state"));
        assertThat(request.baseline()).contains("origin/main");
    }

    @Test
    void theTopologyIsNamedRelativeToTheWorkingDirectoryWhenBelowIt() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(RenderRequest.of(cwd.resolve("fleet/./topology.yaml"), Path.of("out"))
                        .topologyName())
                .isEqualTo("fleet/topology.yaml");
        Path outside = cwd.getRoot().resolve("elsewhere-" + cwd.getFileName()).resolve("t.yaml");
        assertThat(RenderRequest.of(outside, Path.of("out")).topologyName()).isEqualTo(outside.toString());
    }
}
