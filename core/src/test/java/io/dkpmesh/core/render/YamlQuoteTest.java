package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateModelException;
import io.dkpmesh.core.load.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code q(value)}: every string arrives in the output as one double-quoted YAML scalar, read back unchanged. */
class YamlQuoteTest {

    private static String roundTrip(String value) {
        String yaml = "v: " + YamlQuote.quote(value) + "\n";
        var document = YamlLoader.load("q.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(document.findings()).as(yaml).isEmpty();
        return document.root().orElseThrow().path("v").asString();
    }

    @Test
    void escapesQuotesBackslashesAndLineBreaks() {
        assertThat(YamlQuote.quote("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
        assertThat(YamlQuote.quote("")).isEqualTo("\"\"");
    }

    @Test
    void escapesControlsAndInvisibleSeparatorsInUpperCaseHex() {
        assertThat(YamlQuote.quote("\u0000\u001f\u007f\u0085\u009f\u2028\u2029\ufeff"))
                .isEqualTo("\"\\u0000\\u001F\\u007F\\u0085\\u009F\\u2028\\u2029\\uFEFF\"");
        assertThat(YamlQuote.quote("\u00a0"))
                .as("the first printable past C1 is kept")
                .isEqualTo("\"\u00a0\"");
        assertThat(YamlQuote.quote("\ud800")).as("a lone surrogate").isEqualTo("\"\\uD800\"");
    }

    @Test
    void keepsPrintableTextAndAstralCharactersAsTheyAre() {
        assertThat(YamlQuote.quote("msk: #1 & *a !tag {x} [y] ${z} 😀"))
                .isEqualTo("\"msk: #1 & *a !tag {x} [y] ${z} 😀\"");
    }

    @Test
    void everyHostileValueReadsBackAsItWasWritten() {
        for (String value : List.of(
                "yes",
                "null",
                "~",
                "1.0",
                "0x1F",
                "- item",
                "key: value",
                "--- ",
                "...",
                "'single'",
                "a\n---\nb: c",
                "\"",
                "\\",
                "emoji 😀",
                "%TAG",
                "? x",
                "|",
                ">",
                "@",
                "`")) {
            assertThat(roundTrip(value)).as(value).isEqualTo(value);
        }
    }

    @Test
    void theTemplateMethodTakesExactlyOneString() throws TemplateModelException {
        YamlQuote q = new YamlQuote();
        assertThat(q.exec(List.of(new SimpleScalar("a\"b")))).isEqualTo("\"a\\\"b\"");
        assertThatThrownBy(() -> q.exec(List.of())).isInstanceOf(TemplateModelException.class);
        assertThatThrownBy(() -> q.exec(List.of(new SimpleScalar("a"), new SimpleScalar("b"))))
                .isInstanceOf(TemplateModelException.class);
        assertThatThrownBy(() -> q.exec(List.of(new SimpleNumber(1)))).isInstanceOf(TemplateModelException.class);
    }
}
