package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.YamlQuote;
import io.dkpmesh.core.testing.SecretSamples;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 24: every secret form of {@link SecretSamples} pasted into every free-text field that reaches
 * the output, and values under credential field names at any depth of moduleSettings.istio, are
 * refused at their line with DKPM704 (and nothing else), and the finding never shows the secret.
 */
class TopologySecretsTest {

    @TempDir
    Path dir;

    /** A field: where its line goes in {@link Topologies#FEDERATION}, {@code %s} standing for the quoted value. */
    enum Field {
        REGION("      region: ru-central\n", "      region: %s\n"),
        ZONE("      region: ru-central\n", "      region: ru-central\n      zone: %s\n"),
        NETWORK("      region: ru-central\n", "      region: ru-central\n      network: %s\n"),
        ENVIRONMENT("      region: ru-central\n", "      region: ru-central\n      environment: %s\n"),
        LABEL_VALUE("      region: ru-central\n", "      region: ru-central\n      labels: {team: %s}\n"),
        LABEL_KEY("      region: ru-central\n", "      region: ru-central\n      labels: {%s: x}\n"),
        CLUSTER_DOMAIN("      clusterDomain: msk.local\n", "      clusterDomain: %s\n"),
        PUBLIC_DOMAIN("      publicDomain: k8s-msk.example.com\n", "      publicDomain: %s\n"),
        API_SERVER("      region: ru-central\n", "      region: ru-central\n      apiServer: %s\n"),
        METADATA_ENDPOINT("      region: ru-central\n", "      region: ru-central\n      metadataEndpoint: %s\n"),
        MODULE_SETTINGS(
                "      region: ru-central\n",
                "      region: ru-central\n      moduleSettings: {istio: {alliance: {ingressGateway: "
                        + "{serviceAnnotations: {note: %s}}}}}\n"),
        TOPOLOGY_NAME("  name: retail\n", "  name: %s\n"),
        EXPORTED_SERVICE("service: catalog}", "service: %s}"),
        REPO_URL("  meshes:\n", "  gitops: {tool: none, repoURL: %s}\n  meshes:\n"),
        REVISION("  meshes:\n", "  gitops: {tool: none, revision: %s}\n  meshes:\n");

        final String anchor;
        final String line;

        Field(String anchor, String line) {
            this.anchor = anchor;
            this.line = line;
        }

        String put(String value) {
            String quoted = YamlQuote.quote(value);
            int at = Topologies.FEDERATION.indexOf(anchor);
            return Topologies.FEDERATION.substring(0, at)
                    + line.replace("%s", quoted)
                    + Topologies.FEDERATION.substring(at + anchor.length());
        }
    }

    static Stream<Arguments> everySecretInEveryField() {
        return SecretSamples.all().entrySet().stream()
                .flatMap(secret -> Stream.of(Field.values())
                        .map(field -> Arguments.of(field, secret.getKey(), secret.getValue())));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("everySecretInEveryField")
    void aSecretInAFieldIsRefusedAtItsLineWithoutBeingEchoed(Field field, String name, String secret) {
        String topology = field.put(secret);
        List<Finding> findings = validate(topology);

        int line = lineOf(topology, YamlQuote.quote(secret));
        assertThat(findings).as("%s in %s", name, field).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM704");
            assertThat(f.line()).isEqualTo(line);
            assertThat(f.format()).doesNotContain(middle(secret));
        });
    }

    /** Issue 24: clientSecret, bearer_token and a ca.key nested under alliance landed in the committed ModuleConfig. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{clientSecret: s3cr3t}",
                "{auth: {bearer_token: s3cr3t}}",
                "{alliance: {ca: {key: s3cr3t}}}",
                "{ca: {cert: c, key: s3cr3t}}",
                "{https: {certManager: {password: s3cr3t}}}",
                "{tracing: {collector: {apiKey: s3cr3t}}}",
                "{dataPlane: {proxies: [{tls.key: s3cr3t}]}}"
            })
    void aValueUnderACredentialFieldOfModuleSettingsIsRefused(String settings) {
        String topology = Topologies.FEDERATION.replace(
                "      clusterDomain: msk.local\n",
                "      clusterDomain: msk.local\n      moduleSettings: {istio: " + settings + "}\n");
        assertThat(validate(topology)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM704");
            assertThat(f.pointer()).startsWith("/spec/clusters/0/moduleSettings/istio/");
            assertThat(f.format()).doesNotContain("s3cr3t");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{alliance: {ingressGateway: {tolerations: [{key: dedicated, operator: Exists}]}}}",
                "{https: {mode: CustomCertificate, customCertificate: {secretName: istio-tls}}}",
                "{alliance: {ingressGateway: {serviceAnnotations: {token: \"\"}}}}",
                "{sidecar: {password: true, token: 3}}"
            })
    void emptyNonTextOrPublicValuesAreNoSecret(String settings) {
        String topology = Topologies.FEDERATION.replace(
                "      clusterDomain: msk.local\n",
                "      clusterDomain: msk.local\n      moduleSettings: {istio: " + settings + "}\n");
        assertThat(validate(topology)).noneMatch(f -> f.code().equals("DKPM704"));
    }

    private List<Finding> validate(String topology) {
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", topology.getBytes(StandardCharsets.UTF_8), dir, dir).findings().stream()
                        .filter(Finding::isError)
                        .toList();
    }

    private static int lineOf(String text, String part) {
        int at = text.indexOf(part);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String middle(String secret) {
        String s = secret.strip();
        return s.length() <= 24 ? s.substring(4) : s.substring(s.length() / 2 - 8, s.length() / 2 + 8);
    }
}
