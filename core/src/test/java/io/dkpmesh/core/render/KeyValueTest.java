package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels as templates list them: in key order, whatever order the map had. */
class KeyValueTest {

    @Test
    void entriesComeInKeyOrder() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("version", "v2");
        labels.put("app", "catalog");
        labels.put("App", "x");
        assertThat(KeyValue.sorted(labels))
                .containsExactly(
                        new KeyValue("App", "x"), new KeyValue("app", "catalog"), new KeyValue("version", "v2"));
        assertThat(KeyValue.sorted(Map.of())).isEmpty();
    }
}
