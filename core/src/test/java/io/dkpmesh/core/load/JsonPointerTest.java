package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6901 pointers: {@code ~} and {@code /} in a key are escaped as {@code ~0} and {@code ~1}. */
class JsonPointerTest {

    @Test
    void childrenAreEscapedTildeFirst() {
        assertThat(JsonPointer.child("", "spec")).isEqualTo("/spec");
        assertThat(JsonPointer.child("/spec", 3)).isEqualTo("/spec/3");
        assertThat(JsonPointer.child("/labels", "app.kubernetes.io/name")).isEqualTo("/labels/app.kubernetes.io~1name");
        assertThat(JsonPointer.child("/labels", "a~b")).isEqualTo("/labels/a~0b");
        // "~1" written by a user is a tilde then a one, not a slash: it must come back as ~01
        assertThat(JsonPointer.child("/labels", "~1")).isEqualTo("/labels/~01");
        assertThat(JsonPointer.child("", "")).isEqualTo("/");
    }

    @Test
    void theParentDropsTheLastToken() {
        assertThat(JsonPointer.parent("/spec/clusters/0")).isEqualTo("/spec/clusters");
        assertThat(JsonPointer.parent("/spec")).isEmpty();
        assertThat(JsonPointer.parent("")).isEmpty();
        assertThat(JsonPointer.parent("/labels/a~1b")).isEqualTo("/labels");
        assertThat(JsonPointer.parent("/")).isEmpty();
    }
}
