package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A user template that would put a private key, a token, a kubeconfig or a Secret into Git fails with DKPM703 naming it. */
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

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
