package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in templates keep the promise that every string arrives as data. */
class TemplatesTest {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)}");

    static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "templates"))) {
            return files.filter(f -> f.toString().endsWith(".ftl")).sorted().toList();
        }
    }

    /**
     * YAML templates: q(...) or ?c. Markdown templates (*.md.ftl): md(...) or ?c, plus the one
     * pre-rendered {@code mermaid} text of topology.md.ftl, which MermaidGraph escapes itself.
     */
    @Test
    void everyInterpolationIsQuotedOrANumberOrBoolean() throws IOException {
        assertThat(templates()).isNotEmpty();
        for (Path template : templates()) {
            String name = template.getFileName().toString();
            boolean markdown = name.endsWith(".md.ftl");
            Matcher matcher = INTERPOLATION.matcher(Files.readString(template));
            while (matcher.find()) {
                String expression = matcher.group(1).trim();
                boolean allowed = expression.endsWith("?c")
                        || (markdown
                                ? expression.startsWith("md(")
                                        || (name.equals("topology.md.ftl") && expression.equals("mermaid"))
                                : expression.startsWith("q("));
                assertThat(allowed)
                        .as("%s: ${%s} must be %s or ?c", name, expression, markdown ? "md(...)" : "q(...)")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "| a | b |",
                "[link](http://x)",
                "<img src=x onerror=alert(1)>",
                "*em* _em_ `code` ~~s~~",
                "# heading",
                "```",
                "line\nbreak",
                "&amp; \\",
                "!"
            })
    void markdownTextHasNoSyntaxLeft(String value) {
        // what is left once the character references are taken out must be plain text
        String bare = MarkdownText.escape(value).replaceAll("&#\\d+;", "");
        assertThat(bare).doesNotContainPattern("[|\\[\\]()<>*_`~#!&\\n\\\\]");
    }

    @Test
    void noEvaluationBuiltIns() throws IOException {
        for (Path template : templates()) {
            assertThat(Files.readString(template))
                    .as(template.toString())
                    .doesNotContain("?eval")
                    .doesNotContain("?interpret")
                    .doesNotContain("?api")
                    .doesNotContain("?new");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with \"quotes\" and 'apostrophes'",
                "multi\nline\r\n",
                "---\n...",
                "{{ .Values.x }}",
                "${injected}",
                "<#assign x=1>",
                "key: value",
                "- item",
                "&anchor *alias !tag",
                "# comment",
                "tab\there",
                "\u2028\u2029\u0085\ufeff",
                "emoji \uD83D\uDE80 кириллица 中文",
                "\u0000\u0001\u001f\u007f",
                "\\backslash\\",
                "  leading and trailing  ",
                ""
            })
    void quotedStringsParseBackToThemselves(String value) {
        String yaml = "v: " + YamlQuote.quote(value) + "\n";
        var document = YamlLoader.load("t.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(document.findings()).as(yaml).isEmpty();
        assertThat(document.root().orElseThrow().path("v").asString()).isEqualTo(value);
        assertThat(document.root().orElseThrow().properties()).hasSize(1);
    }
}
