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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import tools.jackson.databind.JsonNode;

/**
 * Strings stay data: arbitrary strings (newlines, quotes, {@code ---}, {@code {{ }}}, {@code ${ }},
 * FreeMarker directives, unicode) put into the topology's free-text fields either reach the output
 * as the very same string value, parsed back from the rendered YAML, or are refused by the schema
 * or the field's own rule; no document ever gains a key, a document or a comment line.
 */
class StringsStayDataProperties {

    /** Fragments that would break naive YAML or template output, mixed with arbitrary code points. */
    private static final List<String> HOSTILE = List.of("\n", "\r\n", "\"", "'", "\\", "---", "...", "{{ .Values.x }}", "${x}",
            "<#assign x=1>", "[#if true]", "<@m/>", ": ", " #", "&a", "*a", "!!str ", "%YAML", "\t", "\u0085", "\u2028", "\ufeff",
            "\u0000", "\u001b[31m", "é", "日本", "😀", "\u200b", "-", "/", ".", "a", "0", "https://");

    private static final Path DIR = tempDir();
    private static final Map<String, String> BASELINE = render(Topologies.FEDERATION).orElseThrow();

    /** Any code points except unpaired surrogates, which no Java string from a YAML file can hold. */
    static Arbitrary<String> anyText() {
        Arbitrary<String> codePoint = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF).map(Character::toString);
        return Arbitraries.oneOf(codePoint, Arbitraries.of(HOSTILE)).list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> arbitraryStrings() {
        return anyText();
    }

    @Property(tries = 1000)
    void quoteParsesBackAsTheSameSingleValue(@ForAll("arbitraryStrings") String value) {
        LoadedDocument document = YamlLoader.load("q.yaml", ("key: " + YamlQuote.quote(value) + "\nnext: 1\n").getBytes(StandardCharsets.UTF_8));
        assertThat(document.findings()).isEmpty();
        JsonNode root = document.root().orElseThrow();
        assertThat(root.propertyNames()).containsExactly("key", "next");
        assertThat(root.get("key").asString()).isEqualTo(value);
    }

    @Provide
    Arbitrary<String> endpoints() {
        Arbitrary<String> host = Arbitraries.strings().withChars("abcxyz019.-_").ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> path = Arbitraries.strings().withChars("az09._/-").ofMaxLength(20);
        Arbitrary<String> valid = net.jqwik.api.Combinators.combine(host, path).as((h, p) -> "https://" + h + "/" + p);
        return Arbitraries.oneOf(valid, anyText(), anyText().map("https://host/"::concat));
    }

    /** metadataEndpoint is the freest string that reaches the output: peers' IstioFederation spec.metadataEndpoint. */
    @Property(tries = 150)
    void metadataEndpointArrivesAsDataOrIsRefused(@ForAll("endpoints") String endpoint) {
        String topology = Topologies.FEDERATION.replace("      publicDomain: k8s-msk.example.com\n",
                "      publicDomain: k8s-msk.example.com\n      metadataEndpoint: " + YamlQuote.quote(endpoint) + "\n");
        try {
            Map<String, String> files = render(topology).orElseThrow();
            for (String peer : List.of("spb", "ams")) {
                JsonNode federation = parse(files.get("clusters/" + peer + "/istiofederation-msk.yaml"));
                assertThat(federation.at("/spec/metadataEndpoint").asString()).isEqualTo(endpoint);
            }
            assertSameShape(files);
        } catch (Refused refused) {
            assertThat(refused.codes()).allMatch(code -> code.startsWith("DKPM1") || code.equals("DKPM302"));
        }
    }

    /** The topology name is written into every file's header comment: it must never end the comment. */
    @Property(tries = 150)
    void topologyNameArrivesAsDataOrIsRefused(@ForAll("names") String name) {
        String topology = Topologies.FEDERATION.replace("  name: retail\n", "  name: " + YamlQuote.quote(name) + "\n");
        try {
            Map<String, String> files = render(topology).orElseThrow();
            assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
            assertSameShape(files);
            files.forEach((path, text) -> {
                if (path.endsWith(".yaml")) {
                    assertThat(text.lines().takeWhile(l -> l.startsWith("#")).count()).as(path).isEqualTo(2);
                    assertThat(text).as(path).startsWith("# Rendered by dkp-mesh from topology \"" + name + "\" ");
                }
            });
        } catch (Refused refused) {
            assertThat(refused.codes()).containsOnly("DKPM103");
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> valid = Arbitraries.strings().withChars("abz09-").ofMinLength(1).ofMaxLength(70);
        return Arbitraries.oneOf(valid, anyText().filter(s -> !s.isEmpty()));
    }

    /**
     * Free text the renderer does not write today (labels, gitops.repoURL and revision): accepted
     * exactly when the schema pattern matches, and then the output does not change at all.
     */
    @Property(tries = 150)
    void unrenderedFieldsAreAcceptedExactlyWhenTheirPatternMatches(@ForAll("arbitraryStrings") String value, @ForAll("fields") Field field) {
        String topology = field.put(Topologies.FEDERATION, YamlQuote.quote(value));
        boolean valid = field.pattern.matcher(value).matches();
        try {
            Map<String, String> files = render(topology).orElseThrow();
            assertThat(valid).as("accepted %s %s", field, value).isTrue();
            assertThat(files).isEqualTo(BASELINE);
        } catch (Refused refused) {
            assertThat(valid).as("refused %s %s: %s", field, value, refused.codes()).isFalse();
            assertThat(refused.codes()).allMatch(code -> code.startsWith("DKPM1"));
        }
    }

    @Provide
    Arbitrary<Field> fields() {
        return Arbitraries.of(Field.values());
    }

    enum Field {
        LABEL_VALUE("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", "region: eu-west\n", "region: eu-west\n      labels: {team: %s}\n"),
        LABEL_KEY("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$",
                "region: eu-west\n", "region: eu-west\n      labels: {%s: x}\n"),
        REVISION("^[A-Za-z0-9._/-]+$", "  meshes:\n", "  gitops: {tool: none, revision: %s}\n  meshes:\n"),
        REPO_URL("^(https://|ssh://|git@)\\S+$", "  meshes:\n", "  gitops: {tool: none, repoURL: %s}\n  meshes:\n");

        final Pattern pattern;
        final String anchor;
        final String replacement;

        Field(String regex, String anchor, String replacement) {
            // ECMA-262 semantics, as the schema: '$' is the end of input and \S is ASCII-only there too
            this.pattern = Pattern.compile(regex.replace("$", "\\z").replace("\\S", "[^ \\t\\n\\x0B\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"));
            this.anchor = anchor;
            this.replacement = replacement;
        }

        String put(String topology, String quoted) {
            return topology.replace(anchor, replacement.formatted(quoted.replace("%", "%%")).replace("%%", "%"));
        }
    }

    /** Every rendered document has exactly the keys and items of the baseline render. */
    private static void assertSameShape(Map<String, String> files) {
        assertThat(files.keySet()).isEqualTo(BASELINE.keySet());
        files.forEach((path, text) -> assertThat(pointers(parse(text), "", new TreeSet<>())).as(path)
                .isEqualTo(pointers(parse(BASELINE.get(path)), "", new TreeSet<>())));
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
    private static java.util.Optional<Map<String, String>> render(String topology) {
        try {
            Path file = DIR.resolve("topology.yaml");
            Files.writeString(file, topology);
            DkpMesh.Rendered rendered = new DkpMesh(EngineLog.SILENT).renderInMemory(RenderRequest.of(file, DIR.resolve("rendered")));
            SortedMap<String, String> files = new TreeMap<>();
            for (RenderedFile f : rendered.files()) {
                files.put(f.path(), new String(f.content(), StandardCharsets.UTF_8));
            }
            return java.util.Optional.of(files);
        } catch (FindingsException e) {
            throw new Refused(e.errors().stream().map(Finding::code).distinct().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("strings-stay-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var files = Files.walk(DIR)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
