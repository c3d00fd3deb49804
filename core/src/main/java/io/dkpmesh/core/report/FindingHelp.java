package io.dkpmesh.core.report;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Links;
import io.dkpmesh.core.load.Resources;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What a finding code means, how to fix it and an example: the help a SARIF viewer (GitHub code
 * scanning) shows beside a finding. Kept in {@code finding-help.properties} beside this class, so
 * that adding a code adds three lines there and touches no other code.
 *
 * @param meaning what the finding says, as a sentence
 * @param fix     what to do about it
 * @param example a wrong value and its correction, Markdown inline code allowed
 */
public record FindingHelp(String meaning, String fix, String example) {

    static final String RESOURCE = "io/dkpmesh/core/report/finding-help.properties";

    /** The page that lists every code, each with its own anchor ({@link Links#finding}). */
    public static final String FINDINGS_PAGE = Links.page(Links.FINDINGS_PAGE);

    private static final Properties TEXTS = load();

    /** The help of a code, when {@code finding-help.properties} has all three parts of it. */
    public static Optional<FindingHelp> find(String code) {
        String meaning = TEXTS.getProperty(code + ".meaning");
        String fix = TEXTS.getProperty(code + ".fix");
        String example = TEXTS.getProperty(code + ".example");
        return meaning == null || fix == null || example == null
                ? Optional.empty()
                : Optional.of(new FindingHelp(meaning, fix, example));
    }

    /**
     * The help of a code; a code without its own entry still gets one built from its summary, so
     * a SARIF rule never lacks the help code scanning requires.
     */
    public static FindingHelp of(FindingCode code) {
        return find(code.code())
                .orElseGet(() -> new FindingHelp(
                        sentence(code.summary()),
                        "Read the finding's message: it names the value and what to do about it.",
                        "See the page of finding codes."));
    }

    /** Plain text: meaning, fix and example as three paragraphs. */
    public String text() {
        return meaning + "\n\nHow to fix: " + fix + "\n\nExample: " + example.replace("`", "");
    }

    /** The same as Markdown, with a link to the code's section of the page of finding codes. */
    public String markdown(String code) {
        return "**" + code + "**: " + meaning + "\n\n**How to fix:** " + fix + "\n\n**Example:** " + example
                + "\n\nAll codes: [finding codes](" + Links.finding(code) + ")";
    }

    static String sentence(String text) {
        String s = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    private static Properties load() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Resources.text(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
