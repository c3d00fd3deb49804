package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README lists every finding code with its meaning, so users can look any of them up. */
class ReadmeTest {

    @Test
    void everyFindingCodeIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (FindingCode code : FindingCode.values()) {
            assertThat(readme).as(code.name()).contains("| `" + code.code() + "` | " + code.summary() + " |");
        }
    }
}
