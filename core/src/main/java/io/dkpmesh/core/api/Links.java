package io.dkpmesh.core.api;

import java.util.Locale;

/**
 * Where the project's files can be read on the web: its repository, {@value #REPOSITORY}, branch
 * {@value #BRANCH}. Links that help a user (a SARIF rule's help, the editor's schema line) point at
 * files of the repository through these two patterns, so a test can prove that each one names a
 * file, and an anchor, that the repository holds.
 */
public final class Links {

    /** The repository's web address. */
    public static final String REPOSITORY = "https://github.com/dkp-mesh/dkp-mesh";

    /** The branch the links read. */
    public static final String BRANCH = "main";

    /** The page that documents every finding code, one anchor per code. */
    public static final String FINDINGS_PAGE = "docs/findings.md";

    private Links() {}

    /** A file of the repository as a web page: {@code https://github.com/<owner>/<repo>/blob/main/<path>}. */
    public static String page(String path) {
        return REPOSITORY + "/blob/" + BRANCH + "/" + path;
    }

    /**
     * A file of the repository as its bytes, for tools that fetch it (the YAML language server
     * reading the schema): {@code https://raw.githubusercontent.com/<owner>/<repo>/main/<path>}.
     */
    public static String raw(String path) {
        return REPOSITORY.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/" + BRANCH + "/"
                + path;
    }

    /** The anchor of a finding code's section in {@link #FINDINGS_PAGE}: its code in lower case. */
    public static String findingAnchor(String code) {
        return code.toLowerCase(Locale.ROOT);
    }

    /** A finding code's section in {@link #FINDINGS_PAGE}, the help link of its SARIF rule. */
    public static String finding(String code) {
        return page(FINDINGS_PAGE) + "#" + findingAnchor(code);
    }

    /** The topology schema as bytes, for the editor's {@code yaml-language-server} line. */
    public static String topologySchema() {
        return raw("schemas/topology.schema.json");
    }
}
