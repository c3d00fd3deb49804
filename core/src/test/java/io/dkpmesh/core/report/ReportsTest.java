package io.dkpmesh.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportsTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Finding EDITION;
    private Finding ENDPOINT;
    private Finding WHOLE_FILE;

    @BeforeEach
    void findings() {
        String topology = dir.resolve("topology.yaml").toString();
        EDITION = new Finding(
                "DKPM203",
                Severity.ERROR,
                topology,
                12,
                16,
                "/spec/clusters/1/edition",
                "cluster 'spb' is CE; federation needs EE or CSE-Pro on every member");
        ENDPOINT = new Finding(
                "DKPM304",
                Severity.WARNING,
                topology,
                30,
                7,
                "/spec/clusters/2/metadataEndpoint",
                "'istio.k8s-ams.example.com' is deprecated");
        WHOLE_FILE = new Finding(
                "DKPM007",
                Severity.ERROR,
                dir.resolve("config/topology.yaml").toString(),
                0,
                0,
                "",
                "cannot read the topology file");
    }

    @Test
    void jsonListsEveryFindingWithCounts() throws IOException {
        Reports.write(List.of(EDITION, ENDPOINT), dir, "1.2.3", dir.resolve("topology.yaml"));

        JsonNode json = MAPPER.readTree(dir.resolve("report.json"));
        assertThat(json.path("tool").path("name").asString()).isEqualTo("dkp-mesh");
        assertThat(json.path("tool").path("version").asString()).isEqualTo("1.2.3");
        assertThat(json.path("topology").asString()).isEqualTo("topology.yaml");
        assertThat(json.path("errors").asInt()).isEqualTo(1);
        assertThat(json.path("warnings").asInt()).isEqualTo(1);
        JsonNode first = json.path("findings").get(0);
        assertThat(first.propertyNames())
                .containsExactly("code", "severity", "file", "line", "column", "pointer", "message");
        assertThat(first.path("code").asString()).isEqualTo("DKPM203");
        assertThat(first.path("severity").asString()).isEqualTo("error");
        assertThat(first.path("file").asString())
                .isEqualTo(dir.resolve("topology.yaml").toString());
        assertThat(first.path("line").asInt()).isEqualTo(12);
        assertThat(first.path("column").asInt()).isEqualTo(16);
        assertThat(first.path("pointer").asString()).isEqualTo("/spec/clusters/1/edition");
        assertThat(first.path("message").asString()).startsWith("cluster 'spb' is CE");
        assertThat(json.path("findings").get(1).path("severity").asString()).isEqualTo("warning");
    }

    @Test
    void sarifHasWhatGitHubCodeScanningNeeds() throws IOException {
        Reports.write(List.of(EDITION, ENDPOINT, EDITION), dir, "1.2.3", dir.resolve("topology.yaml"));

        JsonNode sarif = MAPPER.readTree(dir.resolve("report.sarif"));
        assertThat(sarif.path("$schema").asString()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
        assertThat(sarif.path("runs").size()).isEqualTo(1);
        JsonNode run = sarif.path("runs").get(0);

        JsonNode driver = run.path("tool").path("driver");
        assertThat(driver.path("name").asString()).isEqualTo("dkp-mesh");
        assertThat(driver.path("version").asString()).isEqualTo("1.2.3");
        assertThat(driver.path("informationUri").asString()).isEqualTo("https://github.com/dkp-mesh/dkp-mesh");
        JsonNode rules = driver.path("rules");
        assertThat(rules.size()).as("one rule per code used, not per finding").isEqualTo(2);
        assertThat(rules.get(0).path("id").asString()).isEqualTo("DKPM203");
        assertThat(rules.get(0).path("shortDescription").path("text").asString())
                .isEqualTo("the DKP edition does not offer this mesh type");
        assertThat(rules.get(1).path("id").asString()).isEqualTo("DKPM304");

        JsonNode results = run.path("results");
        assertThat(results.size()).isEqualTo(3);
        JsonNode error = results.get(0);
        assertThat(error.path("ruleId").asString()).isEqualTo("DKPM203");
        assertThat(error.path("ruleIndex").asInt()).isEqualTo(0);
        assertThat(error.path("level").asString()).isEqualTo("error");
        assertThat(error.path("message").path("text").asString())
                .contains("/spec/clusters/1/edition")
                .contains("federation needs EE");
        JsonNode location = error.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asString()).isEqualTo("topology.yaml");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(12);
        assertThat(location.path("region").path("startColumn").asInt()).isEqualTo(16);

        JsonNode warning = results.get(1);
        assertThat(warning.path("level").asString()).isEqualTo("warning");
        assertThat(warning.path("ruleIndex").asInt()).isEqualTo(1);
    }

    @Test
    void wholeFileFindingPointsAtTheStartWithForwardSlashes() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Reports.write(List.of(WHOLE_FILE), dir, "1.2.3", dir.resolve("config/topology.yaml"));

        JsonNode result = MAPPER.readTree(dir.resolve("report.sarif"))
                .path("runs")
                .get(0)
                .path("results")
                .get(0);
        JsonNode location = result.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asString()).isEqualTo("config/topology.yaml");
        assertThat(location.path("region").path("startLine").asInt())
                .as("a whole-file finding points at the start")
                .isEqualTo(1);
        assertThat(result.path("message").path("text").asString()).startsWith("/: cannot read");
    }

    @Test
    void noFindingsStillGivesValidReports() throws IOException {
        Reports.write(List.of(), dir.resolve("nested/reports"), "1.2.3", dir.resolve("topology.yaml"));

        JsonNode sarif = MAPPER.readTree(dir.resolve("nested/reports/report.sarif"));
        assertThat(sarif.path("runs").get(0).path("results").isArray()).isTrue();
        assertThat(sarif.path("runs").get(0).path("results").size()).isZero();
        assertThat(sarif.path("runs")
                        .get(0)
                        .path("tool")
                        .path("driver")
                        .path("rules")
                        .isArray())
                .isTrue();
        JsonNode json = MAPPER.readTree(dir.resolve("nested/reports/report.json"));
        assertThat(json.path("errors").asInt()).isZero();
        assertThat(json.path("findings").size()).isZero();
    }

    @Test
    void bytesAreDeterministicUtf8WithUnixLineEnds() throws IOException {
        Finding unicode = new Finding(
                "DKPM102",
                Severity.ERROR,
                dir.resolve("topology.yaml").toString(),
                3,
                1,
                "/spec/x",
                "bad value 'Москва'");
        Reports.write(List.of(unicode, ENDPOINT), dir.resolve("a"), "1.2.3", dir.resolve("topology.yaml"));
        Reports.write(List.of(unicode, ENDPOINT), dir.resolve("b"), "1.2.3", dir.resolve("topology.yaml"));

        for (String name : List.of("report.json", "report.sarif")) {
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(name));
            assertThat(a).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
            String text = new String(a, StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("\r").endsWith("}\n").contains("Москва");
        }
        assertThat(Files.readString(dir.resolve("a/report.json")))
                .startsWith("{\n  \"tool\": {\n    \"name\": \"dkp-mesh\",");
    }

    @Test
    void everySarifRuleCarriesTheHelpCodeScanningRequires() throws IOException {
        Reports.write(List.of(EDITION, ENDPOINT), dir, "1.2.3", dir.resolve("topology.yaml"));

        JsonNode rules = MAPPER.readTree(dir.resolve("report.sarif"))
                .path("runs")
                .get(0)
                .path("tool")
                .path("driver")
                .path("rules");
        for (JsonNode rule : rules) {
            assertThat(rule.path("fullDescription").path("text").asString())
                    .as(rule.path("id").asString())
                    .endsWith(".")
                    .hasSizeGreaterThan(20);
            assertThat(rule.path("help").path("text").asString())
                    .contains("How to fix: ")
                    .contains("Example: ");
            assertThat(rule.path("help").path("markdown").asString())
                    .contains("**How to fix:**")
                    .contains("**Example:**");
            // each rule links to its own code's section of the committed page (RepositoryLinksTest: it exists)
            assertThat(rule.path("helpUri").asString())
                    .isEqualTo("https://github.com/dkp-mesh/dkp-mesh/blob/main/docs/findings.md#"
                            + rule.path("id").asString().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(rules.get(0).path("fullDescription").path("text").asString())
                .isEqualTo(
                        "The cluster's DKP edition does not include the mesh type: Istio federation and multicluster need EE or CSE-Pro.");
        assertThat(rules.get(0).path("help").path("markdown").asString())
                .contains("**Example:** `edition: CE` on a federation member becomes `edition: EE`");
    }

    @Test
    void locationsAreRelativeToTheRepositoryRootAlsoWithTheTopologyInASubfolder() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Path topology = dir.resolve("platform/mesh/topology.yaml");
        Finding schema = new Finding(
                "DKPM205", Severity.ERROR, topology.toString(), 7, 22, "/spec/clusters/0/podSubnetCIDR", "bad");
        Finding stale = new Finding(
                "DKPM902",
                Severity.ERROR,
                dir.resolve("platform/mesh/rendered/clusters/msk/kustomization.yaml")
                        .toString(),
                0,
                0,
                "",
                "is missing");
        Reports.write(List.of(schema, stale), dir.resolve("platform/mesh/target/dkp-mesh"), "1.2.3", topology);

        JsonNode run = MAPPER.readTree(dir.resolve("platform/mesh/target/dkp-mesh/report.sarif"))
                .path("runs")
                .get(0);
        assertThat(run.path("originalUriBaseIds").has("%SRCROOT%")).isTrue();
        JsonNode artifacts = run.path("artifacts");
        assertThat(artifacts.size()).isEqualTo(2);
        assertThat(artifacts.get(0).path("location").path("uri").asString()).isEqualTo("platform/mesh/topology.yaml");
        assertThat(artifacts.get(1).path("location").path("uri").asString())
                .isEqualTo("platform/mesh/rendered/clusters/msk/kustomization.yaml");
        for (JsonNode result : run.path("results")) {
            JsonNode location =
                    result.path("locations").get(0).path("physicalLocation").path("artifactLocation");
            assertThat(location.path("uriBaseId").asString()).isEqualTo("%SRCROOT%");
            JsonNode artifact = artifacts.get(location.path("index").asInt()).path("location");
            assertThat(location.path("uri").asString())
                    .as("result and artifact agree")
                    .isEqualTo(artifact.path("uri").asString());
            assertThat(artifact.path("uriBaseId").asString()).isEqualTo("%SRCROOT%");
        }
        assertThat(MAPPER.readTree(dir.resolve("platform/mesh/target/dkp-mesh/report.json"))
                        .path("topology")
                        .asString())
                .isEqualTo("platform/mesh/topology.yaml");
    }

    @Test
    void everyFindingCodeHasItsOwnHelp() {
        for (FindingCode code : FindingCode.values()) {
            assertThat(FindingHelp.find(code.code()))
                    .as(code.code() + " in finding-help.properties (meaning, fix, example)")
                    .isPresent();
        }
    }
}
