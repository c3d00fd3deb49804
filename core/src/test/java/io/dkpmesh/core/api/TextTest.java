package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** User values inside one-line messages: quoted, escaped, shortened. */
class TextTest {

    @Test
    void quotesAndEscapesWhatWouldBreakTheLine() {
        assertThat(Text.quote("msk")).isEqualTo("'msk'");
        assertThat(Text.quote("")).isEqualTo("''");
        assertThat(Text.quote("a\nb\rc\td")).isEqualTo("'a\\nb\\rc\\td'");
        assertThat(Text.quote("it's")).isEqualTo("'it\\'s'");
        assertThat(Text.quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(Text.quote("\u0007\u2028\u0085")).isEqualTo("'\\u0007\\u2028\\u0085'");
    }

    @Test
    void shortensAfterEightyCharacters() {
        assertThat(Text.quote("x".repeat(80))).isEqualTo("'" + "x".repeat(80) + "'");
        assertThat(Text.quote("x".repeat(81))).isEqualTo("'" + "x".repeat(80) + "...'");
        assertThat(Text.quote("x".repeat(500))).hasSize(80 + 5);
    }

    @Test
    void countsInSingularAndPlural() {
        assertThat(Text.count(0, "error")).isEqualTo("0 errors");
        assertThat(Text.count(1, "error")).isEqualTo("1 error");
        assertThat(Text.count(2, "warning")).isEqualTo("2 warnings");
    }
}
