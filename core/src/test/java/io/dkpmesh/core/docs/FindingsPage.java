package io.dkpmesh.core.docs;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Links;
import io.dkpmesh.core.report.FindingHelp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code docs/findings.md}, generated: the hand-written introduction ({@value #INTRO}), then a table
 * of every {@link FindingCode} with its summary, then one section per code, anchored by the code in
 * lower case ({@link Links#findingAnchor}), with the meaning, fix and example of
 * {@code finding-help.properties}. SARIF rules link to those sections ({@link Links#finding}).
 */
final class FindingsPage {

    /** The introduction, a test resource: prose and examples that no code or property holds. */
    static final String INTRO = "core/src/test/resources/docs/findings-intro.md";

    private FindingsPage() {}

    /** The page, naming the command that regenerates it. */
    static String markdown(String updateCommand) {
        StringBuilder out = new StringBuilder()
                .append("<!-- Generated from FindingCode.java, finding-help.properties and ")
                .append(INTRO)
                .append(". Do not edit: change those and run ")
                .append(updateCommand)
                .append(" -->\n# Finding codes\n\n")
                .append(intro().strip())
                .append("\n\n## All finding codes\n\n")
                .append("SARIF rules link to each code's section below (`helpUri`); each rule also carries what its")
                .append(" finding means, how to fix it and an example.\n\n")
                .append("| code | meaning |\n|---|---|\n");
        for (FindingCode code : FindingCode.values()) {
            out.append("| [`")
                    .append(code.code())
                    .append("`](#")
                    .append(Links.findingAnchor(code.code()))
                    .append(") | ")
                    .append(cell(code.summary()))
                    .append(" |\n");
        }
        for (FindingCode code : FindingCode.values()) {
            FindingHelp help = FindingHelp.of(code);
            out.append("\n### ")
                    .append(code.code())
                    .append("\n\n**Summary:** ")
                    .append(code.summary())
                    .append("\n\n")
                    .append(help.meaning())
                    .append("\n\n**How to fix:** ")
                    .append(help.fix())
                    .append("\n\n**Example:** ")
                    .append(help.example())
                    .append("\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String intro() {
        try (InputStream in = FindingsPage.class.getResourceAsStream("/docs/findings-intro.md")) {
            if (in == null) {
                throw new IllegalStateException(INTRO + " is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
