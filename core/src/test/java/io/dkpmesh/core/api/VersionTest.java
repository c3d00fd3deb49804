package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine's version, as the build recorded it from the project's version. */
class VersionTest {

    @Test
    void theBuildRecordedAVersion() {
        assertThat(Version.current()).isNotEqualTo("unknown").matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
        assertThat(Version.current()).doesNotContain("${");
    }
}
