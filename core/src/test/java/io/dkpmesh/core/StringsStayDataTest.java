package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.YamlQuote;
import io.dkpmesh.core.testing.HostileStrings;
import io.dkpmesh.core.testing.Topologies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Strings stay data: hostile strings (newlines of every kind, quotes, {@code ---}, {@code {{ }}},
 * {@code ${ }}, FreeMarker directives, YAML indicators, bidi controls, long strings) put into the
 * topology's free-text fields either reach the output as the very same string value, parsed back
 * from the rendered YAML, or are refused by the schema or the field's own rule; no document ever
 * gains a key, a document or a comment line.
 *
 * <p>The strings come from {@link HostileStrings}, seeded: every run tries the same values, and a
 * failure prints the seed that reproduces it ({@code -Ddkpmesh.seed=N} explores others).
 */
class StringsStayDataTest {

    @TempDir
    static Path dir;

    private static Map<String, String> baseline;

    @BeforeAll
    static void renderBaseline() {
        baseline = render(Topologies.FEDERATION);
    }

    @Test
    void quoteParsesBackAsTheSameSingleValue() {
        HostileStrings.forAll("YamlQuote.quote", 1000, HostileStrings::anyText, value -> {
            LoadedDocument document = YamlLoader.load(
                    "q.yaml", ("key: " + YamlQuote.quote(value) + "\nnext: 1\n").getBytes(StandardCharsets.UTF_8));
            assertThat(document.findings()).isEmpty();
            JsonNode root = document.root().orElseThrow();
            assertThat(root.propertyNames()).containsExactly("key", "next");
            assertThat(root.get("key").asString()).isEqualTo(value);
        });
    }

    /** metadataEndpoint is the freest string that reaches the output: peers' IstioFederation spec.metadataEndpoint. */
    @Test
    void metadataEndpointArrivesAsDataOrIsRefused() {
        HostileStrings.forAll("metadataEndpoint", 150, StringsStayDataTest::endpoint, endpoint -> {
            String topology = Topologies.FEDERATION.replace(
                    "      publicDomain: k8s-msk.example.com\n",
                    "      publicDomain: k8s-msk.example.com\n      metadataEndpoint: " + YamlQuote.quote(endpoint)
                            + "\n");
            try {
                Map<String, String> files = render(topology);
                for (String peer : List.of("spb", "ams")) {
                    JsonNode federation = parse(files.get("clusters/" + peer + "/mesh/istiofederation-msk.yaml"));
                    assertThat(federation.at("/spec/metadataEndpoint").asString())
                            .isEqualTo(endpoint);
                }
                assertSameShape(files);
            } catch (Refused refused) {
                assertThat(refused.codes()).allMatch(code -> code.startsWith("DKPM1") || code.equals("DKPM302"));
            }
        });
    }

    private static String endpoint(HostileStrings strings) {
        return switch (strings.nextInt(3)) {
            case 0 -> "https://" + strings.of("abcxyz019.-_", 1, 20) + "/" + strings.of("az09._/-", 0, 20);
            case 1 -> strings.anyText();
            default -> "https://host/" + strings.anyText();
        };
    }

    /** The topology name is written into every file's header comment: it must never end the comment. */
    @Test
    void topologyNameArrivesAsDataOrIsRefused() {
        HostileStrings.forAll("metadata.name", 150, StringsStayDataTest::name, name -> {
            String topology =
                    Topologies.FEDERATION.replace("  name: retail\n", "  name: " + YamlQuote.quote(name) + "\n");
            try {
                Map<String, String> files = render(topology);
                assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
                assertSameShape(files);
                files.forEach((path, text) -> {
                    if (path.endsWith(".yaml")) {
                        assertThat(text.lines()
                                        .takeWhile(l -> l.startsWith("#"))
                                        .count())
                                .as(path)
                                .isEqualTo(2);
                        assertThat(text).as(path).startsWith("# Rendered by dkp-mesh from topology \"" + name + "\" ");
                    }
                });
            } catch (Refused refused) {
                assertThat(refused.codes()).containsOnly("DKPM103");
            }
        });
    }

    private static String name(HostileStrings strings) {
        return strings.nextInt(2) == 0 ? strings.of("abz09-", 1, 70) : strings.nonEmptyText();
    }

    /**
     * Free text the renderer does not write today (labels, gitops.repoURL and revision): accepted
     * exactly when the schema pattern matches, and then the output does not change at all.
     */
    @Test
    void unrenderedFieldsAreAcceptedExactlyWhenTheirPatternMatches() {
        HostileStrings.forAll(
                "unrendered field",
                150,
                strings -> new Try(strings.oneOf(Field.values()), strings.anyText()),
                attempt -> {
                    String topology = attempt.field().put(Topologies.FEDERATION, YamlQuote.quote(attempt.value()));
                    boolean valid =
                            attempt.field().pattern.matcher(attempt.value()).matches();
                    try {
                        Map<String, String> files = render(topology);
                        assertThat(valid).as("accepted %s", attempt).isTrue();
                        assertThat(files).isEqualTo(baseline);
                    } catch (Refused refused) {
                        assertThat(valid)
                                .as("refused %s: %s", attempt, refused.codes())
                                .isFalse();
                        if (attempt.field() == Field.LABEL_KEY
                                && YamlQuote.quote(attempt.value()).length() > 1024) {
                            // YAML 1.2 section 7.4.2: an implicit key is at most 1024 characters, so the file itself is
                            // not YAML
                            assertThat(refused.codes()).containsOnly("DKPM001");
                        } else {
                            assertThat(refused.codes()).allMatch(code -> code.startsWith("DKPM1"));
                        }
                    }
                });
    }

    /** One try of {@link #unrenderedFieldsAreAcceptedExactlyWhenTheirPatternMatches}: a field and its value. */
    private record Try(Field field, String value) {
        @Override
        public String toString() {
            return field + " = " + HostileStrings.escape(value);
        }
    }

    enum Field {
        LABEL_VALUE(
                "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$",
                "region: eu-west\n",
                "region: eu-west\n      labels: {team: %s}\n"),
        LABEL_KEY(
                "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$",
                "region: eu-west\n",
                "region: eu-west\n      labels: {%s: x}\n"),
        REVISION("^[A-Za-z0-9._/-]+$", "  meshes:\n", "  gitops: {tool: none, revision: %s}\n  meshes:\n"),
        REPO_URL("^(https://|ssh://|git@)\\S+$", "  meshes:\n", "  gitops: {tool: none, repoURL: %s}\n  meshes:\n");

        final Pattern pattern;
        final String anchor;
        final String replacement;

        Field(String regex, String anchor, String replacement) {
            // ECMA-262 semantics, as the schema: '$' is the end of input and \S is ASCII-only there too
            this.pattern = Pattern.compile(
                    regex.replace("$", "\\z")
                            .replace(
                                    "\\S",
                                    "[^ \\t\\n\\x0B\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"));
            this.anchor = anchor;
            this.replacement = replacement;
        }

        String put(String topology, String quoted) {
            return topology.replace(anchor, replacement.replace("%s", quoted));
        }
    }

    /** Every rendered document has exactly the keys and items of the baseline render. */
    private static void assertSameShape(Map<String, String> files) {
        assertThat(files.keySet()).isEqualTo(baseline.keySet());
        files.forEach((path, text) -> {
            if (path.endsWith(".yaml")) {
                assertThat(pointers(parse(text), "", new TreeSet<>()))
                        .as(path)
                        .isEqualTo(pointers(parse(baseline.get(path)), "", new TreeSet<>()));
            }
        });
    }

    private static SortedSet<String> pointers(JsonNode node, String at, SortedSet<String> out) {
        out.add(at);
        if (node.isObject()) {
            node.properties().forEach(e -> pointers(e.getValue(), at + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers(node.get(i), at + "/" + i, out);
            }
        }
        return out;
    }

    private static JsonNode parse(String text) {
        LoadedDocument document = YamlLoader.load("out.yaml", text.getBytes(StandardCharsets.UTF_8));
        assertThat(document.findings()).as("parsing back %s", text).isEmpty();
        return document.root().orElseThrow();
    }

    /** The topology was refused; its error codes. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> codes;

        Refused(List<String> codes) {
            super(codes.toString(), null, false, false);
            this.codes = codes;
        }

        List<String> codes() {
            return codes;
        }
    }

    /** Renders in memory; throws {@link Refused} with the error codes when the engine refuses. */
    private static Map<String, String> render(String topology) {
        try {
            Path file = dir.resolve("topology.yaml");
            Files.writeString(file, topology);
            Rendered rendered =
                    new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(file, dir.resolve("rendered")));
            SortedMap<String, String> files = new TreeMap<>();
            for (RenderedFile f : rendered.files()) {
                files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8));
            }
            return files;
        } catch (FindingsException e) {
            throw new Refused(e.errors().stream().map(Finding::code).distinct().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
