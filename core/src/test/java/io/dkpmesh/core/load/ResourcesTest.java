package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The schemas and texts that ship inside the core jar. */
class ResourcesTest {

    @Test
    void aBundledResourceIsReadAsText() {
        assertThat(Resources.text("io/dkpmesh/core/report/finding-help.properties"))
                .contains("DKPM001.meaning");
    }

    @Test
    void aBundledSchemaIsReadAsJson() {
        assertThat(Resources.json("io/dkpmesh/schemas/topology.schema.json")
                        .path("properties")
                        .has("spec"))
                .isTrue();
    }

    @Test
    void aMissingResourceIsABrokenBuildNotAUserError() {
        assertThatThrownBy(() -> Resources.text("io/dkpmesh/core/no-such-file.txt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing bundled resource io/dkpmesh/core/no-such-file.txt");
    }
}
