package io.dkpmesh.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Links;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link that names a file of the repository names one it holds, and an anchor that file has:
 * the SARIF help of every finding code, the links to the repository's web address written anywhere
 * in it (the editor's schema line included), and the relative links between its Markdown pages.
 * The links follow the two patterns of {@link Links}; no link points at a host the project does not
 * serve ({@code dkp-mesh.io} is a name in {@code apiVersion} and schema {@code $id}s, not a site).
 */
class RepositoryLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern REPOSITORY_LINK = Pattern.compile("(?:" + Pattern.quote(Links.page("")) + "|"
            + Pattern.quote(Links.raw("")) + ")([^\\s)\"'`<>#]+)(?:#([\\w-]+))?");

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern DEAD_HOST = Pattern.compile("https?://(?:[\\w-]+\\.)*dkp-mesh\\.io");

    @Test
    void everyFindingCodesHelpLinkNamesItsSectionOfTheCommittedPage() throws IOException {
        assertThat(Links.finding("DKPM203"))
                .isEqualTo("https://github.com/dkp-mesh/dkp-mesh/blob/main/docs/findings.md#dkpm203");
        for (FindingCode code : FindingCode.values()) {
            assertThat(problem(Links.finding(code.code()), ROOT))
                    .as(code.code())
                    .isNull();
        }
    }

    @Test
    void everyLinkToTheRepositoryNamesAFileAndAnchorItHolds() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : textFiles()) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            Matcher matcher = REPOSITORY_LINK.matcher(text);
            while (matcher.find()) {
                links++;
                String problem = problem(matcher.group(), ROOT);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": " + matcher.group() + ": " + problem);
                }
            }
        }
        assertThat(broken).isEmpty();
        // the examples' schema lines and the SARIF code's constants at least
        assertThat(links).isGreaterThan(10);
    }

    @Test
    void everyRelativeMarkdownLinkNamesAFileAndAnchorItHolds() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : textFiles()) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            String text = read(file);
            Matcher matcher = MARKDOWN_LINK.matcher(stripCode(text));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path linked = hash == 0
                        ? file
                        : file.getParent()
                                .resolve(hash < 0 ? target : target.substring(0, hash))
                                .normalize();
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                String problem = fileProblem(linked, anchor);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": (" + target + "): " + problem);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noLinkPointsAtTheUnservedHost() throws IOException {
        List<String> dead = new ArrayList<>();
        for (Path file : textFiles()) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                // a schema's $id is its name (JSON Schema 2020-12, 8.2.1), not a place to fetch it from
                if (DEAD_HOST.matcher(lines[i]).find() && !lines[i].contains("$id")) {
                    dead.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertThat(dead).isEmpty();
    }

    @Test
    void theCheckerFindsAMissingFileAndAMissingAnchor() throws IOException {
        assertThat(problem(Links.page("docs/no-such-page.md"), ROOT)).contains("no such file");
        assertThat(problem(Links.page(Links.FINDINGS_PAGE) + "#dkpm000", ROOT)).contains("no anchor");
        assertThat(problem(Links.raw("schemas/topology.schema.json"), ROOT)).isNull();
    }

    /** Why a link to the repository is broken, or null. */
    static String problem(String link, Path root) throws IOException {
        Matcher matcher = REPOSITORY_LINK.matcher(link);
        assertThat(matcher.matches()).as(link).isTrue();
        return fileProblem(root.resolve(matcher.group(1)).normalize(), matcher.group(2));
    }

    private static String fileProblem(Path file, String anchor) throws IOException {
        if (!file.startsWith(ROOT) || !Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null
                || anchor.isEmpty()
                || Files.isDirectory(file)
                || !file.toString().endsWith(".md")) {
            return null;
        }
        Set<String> anchors = MarkdownAnchors.of(Files.readString(file, StandardCharsets.UTF_8));
        return anchors.contains(anchor) ? null : "no anchor #" + anchor + " in " + ROOT.relativize(file);
    }

    /** Inline code and fenced blocks hold examples, not links. */
    private static String stripCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("``.*?``|`[^`\\n]*`", "");
    }

    /** The repository's own text: not build output, not rendered trees or test fixtures. */
    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        Path relative = ROOT.relativize(file);
                        for (Path part : relative) {
                            String name = part.toString();
                            if (name.equals("target") || name.startsWith(".") && !name.equals(".ci")) {
                                return false;
                            }
                        }
                        String path = relative.toString().replace('\\', '/');
                        return !path.contains("/rendered/")
                                && !path.contains("src/test/resources/")
                                && !path.contains("/expected/")
                                && path.matches(".*\\.(md|java|json|ya?ml|properties|ftl|groovy|xml)$");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return null;
        }
    }
}
