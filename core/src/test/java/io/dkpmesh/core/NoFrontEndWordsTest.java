package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine serves any front end unchanged: its code, resources and built-in templates name no
 * Maven command, goal or user property. A fix is described in neutral words, or phrased by the
 * front end through {@link io.dkpmesh.core.api.Suggestions}; the property names live in the
 * plugin's {@code PropertyNames} only.
 */
class NoFrontEndWordsTest {

    /** {@code mvn}, {@code mvnw}, "Maven", a goal ({@code dkp-mesh:render}), a property ({@code dkpmesh.topology}). */
    static final Pattern MAVEN_WORDS =
            Pattern.compile("(?i)\\bmvnw?\\b|\\bmaven\\b|\\bdkp-mesh:[a-z]|(?<![\\w.])dkpmesh\\.(?!core\\b)[a-z]");

    private static final List<Path> ROOTS =
            List.of(Path.of("src/main"), Path.of("../templates"), Path.of("../schemas"));

    @Test
    void coreAndTemplatesNameNoMavenWord() {
        List<String> hits = new ArrayList<>();
        for (Path root : ROOTS) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        // a folder's README is the repository's documentation, not read by the engine
                        .filter(file -> !file.getFileName().toString().equals("README.md"))
                        .sorted()
                        .forEach(file -> scan(file, hits));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(hits)
                .as(
                        "Maven words in the engine: describe the fix neutrally or let the front end phrase it (Suggestions)")
                .isEmpty();
    }

    @Test
    void thePatternCatchesEachKindOfMavenWord() {
        assertThat(List.of(
                        "run mvn dkp-mesh:render",
                        "./mvnw -pl core test",
                        "the Maven plugin",
                        "point dkpmesh.topology at it",
                        "(dkpmesh.templates)"))
                .allSatisfy(text ->
                        assertThat(MAVEN_WORDS.matcher(text).find()).as(text).isTrue());
        assertThat(List.of(
                        "package io.dkpmesh.core.render;",
                        "render the tree again with dkp-mesh",
                        "dkp-mesh: the topology",
                        "dkpmesh.core.api"))
                .allSatisfy(text ->
                        assertThat(MAVEN_WORDS.matcher(text).find()).as(text).isFalse());
    }

    private static void scan(Path file, List<String> hits) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = MAVEN_WORDS.matcher(lines.get(i));
            if (matcher.find()) {
                hits.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
    }
}
