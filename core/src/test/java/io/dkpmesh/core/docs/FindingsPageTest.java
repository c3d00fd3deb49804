package io.dkpmesh.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Links;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code docs/findings.md} is exactly what {@link FindingsPage} generates from
 * {@link FindingCode} and {@code finding-help.properties}. After adding a code,
 * {@value #UPDATE_COMMAND} rewrites it (refused on CI): review the diff before committing it.
 */
class FindingsPageTest {

    static final String UPDATE_COMMAND = "./mvnw -pl core test -Dtest=FindingsPageTest -Ddkpmesh.updateDocs=true";

    private static final Path PAGE = Path.of("..").resolve(Links.FINDINGS_PAGE);

    @Test
    void committedPageMatchesTheCodes() throws Exception {
        String generated = FindingsPage.markdown(UPDATE_COMMAND);
        if (Boolean.getBoolean("dkpmesh.updateDocs")) {
            assertThat(System.getenv("CI"))
                    .as("the finding codes page is never regenerated on CI")
                    .isNotEqualToIgnoringCase("true");
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(PAGE)
                .as("%s is missing: run %s", Links.FINDINGS_PAGE, UPDATE_COMMAND)
                .isRegularFile();
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as(
                        "%s is stale after a finding code or its help changed: run %s, then review the diff",
                        Links.FINDINGS_PAGE, UPDATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void everyCodeHasARowAndAnAnchoredSectionWithItsHelp() {
        String page = FindingsPage.markdown(UPDATE_COMMAND);
        var anchors = MarkdownAnchors.of(page);
        for (FindingCode code : FindingCode.values()) {
            String anchor = Links.findingAnchor(code.code());
            assertThat(anchors).as(code.code()).contains(anchor);
            assertThat(page)
                    .as(code.code())
                    .contains("| [`" + code.code() + "`](#" + anchor + ") | ")
                    .contains("\n### " + code.code() + "\n\n**Summary:** " + code.summary() + "\n\n");
        }
        assertThat(page)
                .contains("**How to fix:** Edit the line the finding names")
                .contains("| 0xx reading YAML |");
    }
}
