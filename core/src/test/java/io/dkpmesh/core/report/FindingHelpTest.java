package io.dkpmesh.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.FindingCode;
import org.junit.jupiter.api.Test;

/** The help a SARIF viewer shows beside a finding: meaning, fix and example, and a link to the code's section. */
class FindingHelpTest {

    @Test
    void aCodeWithAllThreePartsHasItsOwnHelp() {
        FindingHelp help = FindingHelp.find("DKPM001").orElseThrow();
        assertThat(help.meaning()).isNotBlank();
        assertThat(help.fix()).isNotBlank();
        assertThat(help.example()).isNotBlank();
        assertThat(FindingHelp.of(FindingCode.YAML_SYNTAX)).isEqualTo(help);
    }

    @Test
    void anUnknownCodeHasNone() {
        assertThat(FindingHelp.find("DKPM000")).isEmpty();
        assertThat(FindingHelp.find("")).isEmpty();
    }

    @Test
    void everyCodeGetsHelpEvenWithoutAnEntry() {
        for (FindingCode code : FindingCode.values()) {
            FindingHelp help = FindingHelp.of(code);
            assertThat(help.meaning()).as(code.code()).isNotBlank();
            assertThat(help.fix()).as(code.code()).isNotBlank();
        }
    }

    @Test
    void textAndMarkdownHoldTheThreePartsAndTheLink() {
        FindingHelp help = new FindingHelp("It is wrong.", "Fix it.", "`a` becomes `b`");
        assertThat(help.text()).isEqualTo("It is wrong.\n\nHow to fix: Fix it.\n\nExample: a becomes b");
        assertThat(help.markdown("DKPM204"))
                .isEqualTo(
                        "**DKPM204**: It is wrong.\n\n**How to fix:** Fix it.\n\n**Example:** `a` becomes `b`"
                                + "\n\nAll codes: [finding codes](https://github.com/dkp-mesh/dkp-mesh/blob/main/docs/findings.md#dkpm204)");
    }

    @Test
    void aSummaryBecomesASentence() {
        assertThat(FindingHelp.sentence("two clusters share a name")).isEqualTo("Two clusters share a name.");
        assertThat(FindingHelp.sentence("Done.")).isEqualTo("Done.");
    }
}
