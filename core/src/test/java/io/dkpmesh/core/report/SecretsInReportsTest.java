package io.dkpmesh.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.Cause;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.render.YamlQuote;
import io.dkpmesh.core.testing.SecretSamples;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 24: a token pasted into a field such as region was echoed whole in the console, report.json
 * and report.sarif. Each secret form, in free-text fields, is refused, and no console line, report
 * or plan (plan.json, plan.md, the console's field lines) holds it whole; they show a masked prefix.
 */
class SecretsInReportsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> secretsInFields() {
        List<String> fields = List.of(
                "      region: %s\n",
                "      region: ru-central\n      zone: %s\n",
                "      region: ru-central\n      labels: {team: %s}\n",
                "      region: ru-central\n      apiServer: %s\n");
        return SecretSamples.all().entrySet().stream()
                .flatMap(secret ->
                        fields.stream().map(field -> Arguments.of(secret.getKey(), secret.getValue(), field)));
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("secretsInFields")
    void aSecretInAFieldIsRefusedAndNoReportEchoesIt(String name, String secret, String field) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        int at = Topologies.FEDERATION.indexOf("      region: ru-central\n");
        Files.writeString(
                topology,
                Topologies.FEDERATION.substring(0, at)
                        + field.replace("%s", YamlQuote.quote(secret))
                        + Topologies.FEDERATION.substring(at + "      region: ru-central\n".length()));

        List<Finding> findings =
                new DkpMesh(EngineLog.SILENT).validate(RenderRequest.of(topology, dir.resolve("rendered")));

        assertThat(findings).as("refused").anyMatch(Finding::isError);
        assertNoSecretIn(secret, findings);
    }

    /** Masking is the Finding's own: a finding of any code, built anywhere, cannot carry a secret whole. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aFindingOfAnyCodeIsMaskedInEveryReport(String name, String secret) throws Exception {
        List<Finding> findings = List.of(new Finding(
                "DKPM103",
                Severity.ERROR,
                "topology.yaml",
                9,
                15,
                "/spec/clusters/0/region",
                "'" + secret + "' is not a region name"));
        assertNoSecretIn(secret, findings);
    }

    /** The plan shows values of the tree on disk, where a hand edit may have put a secret. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void aSecretInAHandEditedFieldIsMaskedInThePlan(String name, String secret) throws Exception {
        ChangePlan.ObjectChange change = new ChangePlan.ObjectChange(
                        Action.CHANGED, "IstioFederation", "spb", "", "clusters/msk/mesh/istiofederation-spb.yaml")
                .with(
                        Cause.HAND_EDIT,
                        List.of(new ChangePlan.FieldChange(
                                "spec.metadataEndpoint", Optional.of(secret), Optional.of("https://a.example.com/"))));
        ChangePlan plan = new ChangePlan(List.of(new ChangePlan.ClusterChanges("msk", List.of(change))), List.of());
        Path reports = dir.resolve("reports");
        Reports.writePlan(plan, reports, "topology.yaml");

        String all = Files.readString(reports.resolve(Reports.PLAN_JSON))
                + Files.readString(reports.resolve(Reports.PLAN_MD))
                + String.join("\n", Reports.fieldLines(change));
        assertThat(all).contains("…(masked ").doesNotContain(middle(secret));
    }

    static Stream<Arguments> secrets() {
        return SecretSamples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private void assertNoSecretIn(String secret, List<Finding> findings) throws Exception {
        Path reports = dir.resolve("reports");
        Reports.write(findings, reports, "0.0.0-test", dir.resolve("topology.yaml"));
        String console = findings.stream().map(Finding::format).collect(Collectors.joining("\n"));
        String json = Files.readString(reports.resolve(Reports.JSON_FILE));
        String sarif = Files.readString(reports.resolve(Reports.SARIF_FILE));
        for (String output : List.of(console, json, sarif)) {
            assertThat(output).contains("…(masked ").doesNotContain(middle(secret));
        }
    }

    private static String middle(String secret) {
        String s = secret.strip();
        return s.length() <= 24 ? s.substring(4) : s.substring(s.length() / 2 - 8, s.length() / 2 + 8);
    }
}
