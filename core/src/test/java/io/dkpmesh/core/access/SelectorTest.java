package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Label selectors with the apimachinery semantics Istio and Cilium share
 * (kubernetes/apimachinery pkg/labels/selector.go; cilium pkg/policy/api/selector.go for the source prefixes).
 */
class SelectorTest {

    private static Selector parse(Map<String, Object> node) {
        return Selector.parse(node);
    }

    @Test
    void anEmptyOrMissingSelectorSelectsEverything() {
        assertThat(Selector.parse(null).matches(Map.of())).isTrue();
        assertThat(Selector.parse("not a map")).isEqualTo(Selector.ALL);
        assertThat(parse(Map.of()).matches(Map.of("app", "x"))).isTrue();
    }

    @Test
    void everyMatchLabelMustHold() {
        Selector selector = parse(Map.of("matchLabels", Map.of("app", "catalog", "version", "v1")));
        assertThat(selector.matches(Map.of("app", "catalog", "version", "v1", "extra", "x")))
                .isTrue();
        assertThat(selector.matches(Map.of("app", "catalog"))).isFalse();
        assertThat(selector.matches(Map.of("app", "catalog", "version", "v2"))).isFalse();
    }

    @Test
    void notInAndDoesNotExistHoldForAMissingKeyInAndExistsDoNot() {
        Map<String, String> pod = Map.of("app", "catalog");
        assertThat(expression("tier", "NotIn", "gold").matches(pod)).isTrue();
        assertThat(expression("tier", "DoesNotExist").matches(pod)).isTrue();
        assertThat(expression("tier", "In", "gold").matches(pod)).isFalse();
        assertThat(expression("tier", "Exists").matches(pod)).isFalse();
        assertThat(expression("app", "In", "cart", "catalog").matches(pod)).isTrue();
        assertThat(expression("app", "NotIn", "catalog").matches(pod)).isFalse();
        assertThat(expression("app", "Exists").matches(pod)).isTrue();
        assertThat(expression("app", "DoesNotExist").matches(pod)).isFalse();
    }

    @Test
    void anUnknownOperatorSelectsNothing() {
        assertThat(expression("app", "Gt", "1").matches(Map.of("app", "2"))).isFalse();
        assertThat(expression("app", "in", "x").matches(Map.of("app", "x")))
                .as("operators are case-sensitive")
                .isFalse();
    }

    @Test
    void ciliumSourcePrefixesNameThePodLabel() {
        Selector selector = parse(Map.of(
                "matchLabels", Map.of("k8s:app", "catalog", "any:io.kubernetes.pod.namespace", "shop"),
                "matchExpressions", List.of(Map.of("key", "k8s:tier", "operator", "Exists"))));
        assertThat(selector.labels()).containsOnlyKeys("app", "io.kubernetes.pod.namespace");
        assertThat(selector.matches(Map.of("app", "catalog", "io.kubernetes.pod.namespace", "shop", "tier", "x")))
                .isTrue();
        assertThat(Selector.key("reserved:host")).as("other sources are kept").isEqualTo("reserved:host");
    }

    @Test
    void matchLabelsAndExpressionsMustBothHold() {
        Selector selector = parse(Map.of(
                "matchLabels", Map.of("app", "catalog"),
                "matchExpressions", List.of(Map.of("key", "version", "operator", "In", "values", List.of("v1")))));
        assertThat(selector.matches(Map.of("app", "catalog", "version", "v1"))).isTrue();
        assertThat(selector.matches(Map.of("app", "catalog", "version", "v2"))).isFalse();
        assertThat(selector.matches(Map.of("app", "cart", "version", "v1"))).isFalse();
    }

    private static Selector expression(String key, String operator, String... values) {
        return parse(Map.of(
                "matchExpressions", List.of(Map.of("key", key, "operator", operator, "values", List.of(values)))));
    }
}
