package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateModelException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code md(value)}: a value is literal text of one table cell, never Markdown or HTML syntax. */
class MarkdownTextTest {

    @Test
    void syntaxBecomesCharacterReferences() {
        assertThat(MarkdownText.escape("a|b")).isEqualTo("a&#124;b");
        assertThat(MarkdownText.escape("<script>")).isEqualTo("&#60;script&#62;");
        assertThat(MarkdownText.escape("[x](http://e)")).isEqualTo("&#91;x&#93;&#40;http://e&#41;");
        assertThat(MarkdownText.escape("*_`~#")).isEqualTo("&#42;&#95;&#96;&#126;&#35;");
        assertThat(MarkdownText.escape("&amp;")).isEqualTo("&#38;amp;");
    }

    @Test
    void lineBreaksAndControlsBecomeSpaces() {
        assertThat(MarkdownText.escape("a\nb\r\tc\u2028d")).isEqualTo("a b  c d");
    }

    @Test
    void plainTextStaysAsItIs() {
        assertThat(MarkdownText.escape("shop/catalog on msk-1.example.com: ok"))
                .isEqualTo("shop/catalog on msk-1.example.com: ok");
        assertThat(MarkdownText.escape("Москва")).isEqualTo("Москва");
        assertThat(MarkdownText.escape("")).isEmpty();
    }

    @Test
    void theTemplateMethodTakesExactlyOneString() throws TemplateModelException {
        assertThat(new MarkdownText().exec(List.of(new SimpleScalar("|")))).isEqualTo("&#124;");
        assertThatThrownBy(() -> new MarkdownText().exec(List.of())).isInstanceOf(TemplateModelException.class);
    }
}
