package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.MarkdownText;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.TemplateEngine;
import io.dkpmesh.core.testing.SecretSamples;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user template that would put a private key, a token, a kubeconfig or a Secret into Git fails with
 * DKPM703 naming it: every secret form of {@link SecretSamples}, in every kind of file written (a YAML
 * value, a YAML comment, TOPOLOGY.md, ACCESS.md), and values under credential field names at any
 * depth. The finding shows at most a masked prefix of the secret.
 */
class SecretGuardTest {

    static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    Path topology;
    Path templates;
    Path template;

    @BeforeEach
    void setUp() throws Exception {
        topology = dir.resolve("topology.yaml");
        templates = dir.resolve("templates");
        template = templates.resolve("istiofederation.yaml.ftl");
        Files.createDirectories(templates);
        Files.writeString(topology, Topologies.FEDERATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"private key", "base64 private key", "token", "client-key-data", "kubeconfig", "secret"})
    void aSecretFromATemplateOverrideFailsTheBuildNamingTheTemplate(String leak) throws Exception {
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        String base64Key = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        String override = switch (leak) {
            case "private key" -> builtIn.replace("  trustDomain:", "  caKey: " + quoted(KEY) + "\n  trustDomain:");
            case "base64 private key" ->
                builtIn.replace("  trustDomain:", "  caKey: \"" + base64Key + "\"\n  trustDomain:");
            case "token" ->
                builtIn.replace("  trustDomain:", "  token: \"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\"\n  trustDomain:");
            case "client-key-data" ->
                builtIn.replace("  trustDomain:", "  client-key-data: \"" + base64Key + "\"\n  trustDomain:");
            case "kubeconfig" ->
                "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n  - name: admin\n    user:\n      token: \"abc\"\n";
            case "secret" ->
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${q(name)}\nstringData:\n  password: \"hunter2\"\n";
            default -> throw new IllegalArgumentException(leak);
        };
        Files.writeString(template, override);
        Path out = dir.resolve("rendered");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .render(new RenderRequest(topology, out, Optional.of(templates), Set.of())))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM703")
                .hasMessageContaining(template.toString())
                .satisfies(e -> assertThat(e.getMessage())
                        .as("the secret itself is never echoed")
                        .doesNotContain("MIIEowIBAAKCAQEA")
                        .doesNotContain(base64Key)
                        .doesNotContain("hunter2")
                        .doesNotContain("eyJhbGci"));
        assertThat(out).doesNotExist();
    }

    static Stream<Arguments> secrets() {
        return SecretSamples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretInAValueOfAYamlTemplateIsRefused(String name, String secret) throws Exception {
        override(
                "istiofederation.yaml.ftl",
                builtIn("istiofederation.yaml.ftl")
                        .replace(
                                "  name: ${q(name)}\n",
                                "  name: ${q(name)}\n  annotations:\n    note: " + quoted(secret) + "\n"));
        assertRefused(secret, template);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretInACommentOfAYamlTemplateIsRefused(String name, String secret) throws Exception {
        override(
                "istiofederation.yaml.ftl",
                builtIn("istiofederation.yaml.ftl")
                        .replace("spec:\n", "# pasted here: " + secret.replace("\n", "\n# ") + "\nspec:\n"));
        assertRefused(secret, template);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretInTheTopologyPageTemplateIsRefused(String name, String secret) throws Exception {
        Path page = override("topology.md.ftl", builtIn("topology.md.ftl") + "\n```\n" + secret + "\n```\n");
        assertRefused(secret, page);
    }

    /** {@code md(...)} writes {@code _} as {@code &#95;}: the guard reads the page as GitHub shows it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretWrittenAsCharacterReferencesIntoTheTopologyPageIsRefused(String name, String secret) throws Exception {
        Path page = override(
                "topology.md.ftl", builtIn("topology.md.ftl") + "\n| note |\n|---|\n| " + references(secret) + " |\n");
        assertRefused(secret, page);
    }

    /** ACCESS.md comes from no template; whatever reaches it is read like every other file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretInTheAccessPageIsRefused(String name, String secret) {
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        byte[] page = ("# Who can call what\n\n```\n" + secret + "\n```\n").getBytes(StandardCharsets.UTF_8);
        new OutputCheck(new TemplateEngine(Optional.empty()), Providers.BUILT_IN)
                .check(List.of(new RenderedFile(Layout.ACCESS_PAGE, Optional.empty(), page)), findings);
        assertThat(findings.sorted())
                .singleElement()
                .satisfies(f -> assertThat(f.format())
                        .startsWith("ACCESS.md:4:1: error DKPM703")
                        .doesNotContain(middle(secret)));
    }

    /** Issue 24: clientSecret, bearer_token and a ca.key nested under alliance reached the committed ModuleConfig. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "clientSecret: \"s3cr3t\"",
                "bearer_token: \"abc\"",
                "auth: {password: \"hunter2\"}",
                "alliance: {ca: {key: \"hunter2\"}}",
                "tracing: {collector: {apiKey: \"hunter2\"}}",
                "dataPlane: {x: [{tls.key: \"hunter2\"}]}"
            })
    void aValueUnderACredentialFieldAtAnyDepthIsRefused(String field) throws Exception {
        String yaml = builtIn("moduleconfig-istio.yaml.ftl")
                .replace("  enabled: true\n", "  enabled: true\n  x: {" + field + "}\n");
        override("moduleconfig-istio.yaml.ftl", yaml);
        assertRefused("hunter2", templates.resolve("moduleconfig-istio.yaml.ftl"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"clientSecret: \"\"", "password: true", "token: 3", "key: \"dedicated\"", "secretName: \"tls\""})
    void anEmptyOrNonTextValueOrAKeyOutsideACaIsNoSecret(String field) throws Exception {
        Path out = dir.resolve("rendered");
        String yaml = builtIn("istiofederation.yaml.ftl")
                .replace("  name: ${q(name)}\n", "  name: ${q(name)}\n  x: {" + field + "}\n");
        override("istiofederation.yaml.ftl", yaml);
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .render(new RenderRequest(topology, out, Optional.of(templates), Set.of())))
                .as("refused, but only by the output schema: x is no field of IstioFederation")
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM702")
                .hasMessageNotContaining("DKPM703");
    }

    private Path override(String name, String text) throws Exception {
        Path file = templates.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String builtIn(String name) throws Exception {
        return Files.readString(Path.of("..", "templates", name));
    }

    private void assertRefused(String secret, Path by) {
        Path out = dir.resolve("rendered");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .render(new RenderRequest(topology, out, Optional.of(templates), Set.of())))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM703")
                .hasMessageContaining(by.toString())
                .satisfies(e -> assertThat(e.getMessage())
                        .as("the secret itself is never echoed")
                        .doesNotContain(middle(secret)));
        assertThat(out).doesNotExist();
    }

    /** Characters from the middle of a secret (all but the first 4 of a short one): what a finding must never show. */
    private static String middle(String secret) {
        String s = secret.strip();
        return s.length() <= 24 ? s.substring(4) : s.substring(s.length() / 2 - 8, s.length() / 2 + 8);
    }

    private static String references(String text) {
        return MarkdownText.escape(text.replace("\n", " "));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
