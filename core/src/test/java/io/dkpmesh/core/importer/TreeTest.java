package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.YamlLoader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The importer's plain view of loaded YAML and its lookups, worked by hand on small documents. */
class TreeTest {

    private static Object plain(String yaml) {
        return Tree.plain(YamlLoader.load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .root()
                .orElseThrow());
    }

    private static final Object OBJECT = plain("""
            metadata:
              name: cart
              labels: {b: "1", a: "2"}
            spec:
              port: 8080
              ratio: 0.5
              whole: 3.0
              huge: 123456789012345678901234567890
              on: true
              none: null
              hosts: [a.example.com, b.example.com]
            """);

    @Test
    void mapsKeepDocumentOrderAndScalarsTheirTypes() {
        assertThat(Tree.map(OBJECT, "metadata", "labels").keySet()).containsExactly("b", "a");
        Map<String, Object> spec = Tree.map(OBJECT, "spec");
        assertThat(spec.get("port")).isEqualTo(8080L);
        assertThat(spec.get("ratio")).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) spec.get("ratio")).isEqualByComparingTo("0.5");
        assertThat(spec.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(spec.get("on")).isEqualTo(true);
        assertThat(spec).containsKey("none");
        assertThat(spec.get("none")).isNull();
        assertThat(spec.get("hosts")).isEqualTo(List.of("a.example.com", "b.example.com"));
    }

    @Test
    void lookupsAnswerEmptyForAMissingPathOrAnotherType() {
        assertThat(Tree.string(OBJECT, "metadata", "name")).contains("cart");
        assertThat(Tree.string(OBJECT, "spec", "port"))
                .as("a number is no string")
                .isEmpty();
        assertThat(Tree.string(OBJECT, "metadata", "name", "deeper")).isEmpty();
        assertThat(Tree.get(OBJECT, "spec", "hosts", "0"))
                .as("lists are not indexed by key")
                .isNull();
        assertThat(Tree.map(OBJECT, "spec", "hosts")).isEmpty();
        assertThat(Tree.list(OBJECT, "spec", "hosts")).hasSize(2);
        assertThat(Tree.list(OBJECT, "metadata")).isEmpty();
        assertThat(Tree.bool(OBJECT, "spec", "on")).contains(true);
        assertThat(Tree.bool(OBJECT, "spec", "port")).isEmpty();
        assertThat(Tree.get(OBJECT)).isSameAs(OBJECT);
    }

    @Test
    void integersAreLongsOrWholeDecimals() {
        assertThat(Tree.integer(OBJECT, "spec", "port")).contains(8080L);
        assertThat(Tree.integer(OBJECT, "spec", "whole")).as("3.0 is whole").contains(3L);
        assertThat(Tree.integer(OBJECT, "spec", "ratio")).isEmpty();
        assertThat(Tree.integer(OBJECT, "spec", "huge")).as("beyond a long").isEmpty();
        assertThat(Tree.integer(OBJECT, "metadata", "name")).isEmpty();
    }

    @Test
    void leavesArePointersWithEscapedKeysAndStarredIndices() {
        Object node = plain("""
                metadata:
                  annotations: {"a/b": x, "c~d": y}
                spec:
                  ports: [{port: 1}, {port: 2}]
                  empty: {}
                  none: []
                """);
        assertThat(Tree.leaves(node, ""))
                .containsExactly(
                        "/metadata/annotations/a~1b",
                        "/metadata/annotations/c~0d",
                        "/spec/ports/*/port",
                        "/spec/ports/*/port",
                        "/spec/empty",
                        "/spec/none");
        assertThat(Tree.leaves("scalar", "/x")).containsExactly("/x");
    }

    @Test
    void stringsVisitsEveryKeyWithItsParentsKey() {
        Object node = plain("""
                data:
                  tls.key: secret
                items:
                  - {name: a}
                """);
        List<String> seen = new ArrayList<>();
        Tree.strings(node, "", (key, parent, value) -> seen.add(parent + ">" + key + "=" + value));
        assertThat(seen)
                .containsExactly(">data={tls.key=secret}", "data>tls.key=secret", ">items=[{name=a}]", "items>name=a");
    }
}
