package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rendered file knows its cluster from its path and reads as UTF-8. */
class RenderedFileTest {

    @Test
    void theClusterIsReadOffThePath() {
        byte[] bytes = "a: ü\n".getBytes(StandardCharsets.UTF_8);
        RenderedFile file = new RenderedFile("clusters/msk/mesh/a.yaml", Optional.of("a.yaml.ftl"), bytes);
        assertThat(file.cluster()).contains("msk");
        assertThat(file.text()).isEqualTo("a: ü\n");
        assertThat(new RenderedFile("ACCESS.md", Optional.empty(), new byte[0]).cluster())
                .isEmpty();
    }
}
