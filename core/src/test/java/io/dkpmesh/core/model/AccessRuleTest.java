package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pods an access rule protects. */
class AccessRuleTest {

    @Test
    void aWholeNamespaceSelectsNoLabels() {
        AccessRule rule = new AccessRule("/a", "shop", Optional.empty(), Map.of("app", "ignored"), List.of());
        assertThat(rule.podSelector()).isEmpty();
    }

    @Test
    void aServiceWithoutLabelsSelectsItsAppLabel() {
        AccessRule rule = new AccessRule("/a", "shop", Optional.of("catalog"), Map.of(), List.of());
        assertThat(rule.podSelector()).containsExactlyEntriesOf(Map.of("app", "catalog"));
    }

    @Test
    void givenLabelsAreUsedAsWrittenInTheirOrder() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tier", "api");
        labels.put("app.kubernetes.io/name", "cat");
        AccessRule rule = new AccessRule("/a", "shop", Optional.of("catalog"), labels, List.of());
        labels.put("late", "x");
        assertThat(rule.podSelector().keySet()).containsExactly("tier", "app.kubernetes.io/name");
    }
}
