package io.dkpmesh.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft's SARIF Multitool (npm {@code @microsoft/sarif-multitool}, github.com/microsoft/sarif-sdk)
 * with the SARIF and GitHub rule kinds is what GitHub code scanning's ingestion checks: our
 * {@code report.sarif} must pass it with no error and no warning. The tool is installed from the
 * npm registry into {@code target/}; without npm the test is skipped with a message, except under
 * {@code CI=true}, where it fails.
 */
class SarifMultitoolTest {

    private static final String VERSION = "5.7.0";
    private static final Path INSTALL = Path.of("target", "sarif-multitool").toAbsolutePath();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path repo;

    @Test
    void reportsOfTopologiesWithFindingsPassTheMultitoolWithoutErrorOrWarning() throws Exception {
        Path tool = multitool();
        Files.createDirectories(repo.resolve(".git"));
        // semantic errors and a warning; schema errors; a valid topology whose tree is stale
        String semantic = Topologies.FEDERATION
                .replace("edition: EE\n      region: eu-west", "edition: CE\n      region: eu-west")
                .replace(
                        "k8s-spb.example.com",
                        "k8s-spb.example.com\n      metadataEndpoint: https://istio.k8s-spb.example.com/metadata/");
        String schema = Topologies.FEDERATION
                .replace("podSubnetCIDR: 10.112.0.0/16", "podSubnetCidr: 10.112.0.0/33")
                .replace("edition: EE\n      region: eu-west", "edition: ee\n      region: eu-west");
        String stale = Topologies.FEDERATION;
        List<String[]> expected = List.of(
                new String[] {"DKPM203", "DKPM304"}, new String[] {"DKPM102", "DKPM104"}, new String[] {"DKPM902"});
        int i = 0;
        for (String topology : List.of(semantic, schema, stale)) {
            Path folder = repo.resolve("platform/mesh-" + i++);
            Files.createDirectories(folder);
            Path file = folder.resolve("topology.yaml");
            Files.writeString(file, topology);
            if (topology == stale) {
                new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(file, folder.resolve("rendered")));
                Files.writeString(
                        folder.resolve("rendered/clusters/msk/kustomization.yaml"),
                        "# edited by hand\n",
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            List<Finding> findings =
                    new DkpMesh(EngineLog.SILENT).findings(RenderRequest.of(file, folder.resolve("rendered")));
            assertThat(findings).as("the sample must have findings").isNotEmpty();
            assertThat(findings.stream().map(Finding::code))
                    .as("findings of sample " + i)
                    .contains(expected.get(i - 1));
            Path reports = folder.resolve("target/dkp-mesh");
            Reports.write(findings, reports, "1.2.3", file);

            List<String> problems = validate(tool, reports.resolve(Reports.SARIF_FILE));
            assertThat(problems)
                    .as("Multitool errors and warnings for " + findings)
                    .isEmpty();
        }
    }

    /** Errors and warnings the Multitool reports about one SARIF file. */
    private static List<String> validate(Path tool, Path sarif) throws IOException, InterruptedException {
        Path out = sarif.resolveSibling("multitool.sarif");
        Process process = new ProcessBuilder(
                        tool.toString(), "validate", "--rule-kind", "Sarif;Gh", "-o", out.toString(), sarif.toString())
                .redirectErrorStream(true)
                .redirectOutput(sarif.resolveSibling("multitool.log").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("the Multitool finishes")
                .isTrue();
        String log = Files.readString(sarif.resolveSibling("multitool.log"));
        assertThat(out).as("the Multitool wrote its log; it said:\n" + log).exists();
        List<String> problems = new ArrayList<>();
        for (JsonNode run : MAPPER.readTree(out.toFile()).path("runs")) {
            for (JsonNode result : run.path("results")) {
                String level = result.path("level").asString("warning");
                if (level.equals("error") || level.equals("warning")) {
                    problems.add(level + " " + result.path("ruleId").asString() + " " + result.path("message"));
                }
            }
            for (JsonNode notification : run.path("invocations").path(0).path("toolExecutionNotifications")) {
                problems.add(
                        "tool: " + notification.path("message").path("text").asString());
            }
        }
        return problems;
    }

    /** The Multitool's native binary, installed once into {@code target/}. */
    private static Path multitool() throws IOException, InterruptedException {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Path module = INSTALL.resolve("node_modules/@microsoft/sarif-multitool/package.json");
        if (!Files.exists(module)) {
            String npm =
                    System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
            Files.createDirectories(INSTALL);
            Process install;
            try {
                install = new ProcessBuilder(
                                npm,
                                "install",
                                "--no-audit",
                                "--no-fund",
                                "--prefix",
                                INSTALL.toString(),
                                "@microsoft/sarif-multitool@" + VERSION)
                        .redirectErrorStream(true)
                        .redirectOutput(INSTALL.resolve("npm-install.log").toFile())
                        .start();
            } catch (IOException e) {
                skipOrFail(
                        ci,
                        "npm is not installed (" + e.getMessage()
                                + "); install Node.js to run the SARIF Multitool check");
                throw e;
            }
            if (!install.waitFor(300, TimeUnit.SECONDS) || install.exitValue() != 0 || !Files.exists(module)) {
                install.destroyForcibly();
                skipOrFail(
                        ci,
                        "npm install @microsoft/sarif-multitool@" + VERSION + " failed (no registry?); see "
                                + INSTALL.resolve("npm-install.log"));
            }
        }
        // the platform package's postinstall (chmod) may be blocked by npm's install-script policy
        String platform =
                switch (System.getProperty("os.name").toLowerCase(Locale.ROOT).replaceAll("[^a-z].*", "")) {
                    case "windows" -> "win32";
                    case "mac" -> "darwin";
                    default -> "linux";
                };
        Path binary = INSTALL.resolve("node_modules/@microsoft/sarif-multitool-" + platform)
                .resolve(platform.equals("win32") ? "Sarif.Multitool.exe" : "Sarif.Multitool");
        if (!Files.exists(binary)) {
            skipOrFail(ci, "the Multitool has no binary for this platform at " + binary);
        }
        binary.toFile().setExecutable(true);
        return binary;
    }

    private static void skipOrFail(boolean ci, String why) {
        if (ci) {
            Assertions.fail(why + " (CI=true: the SARIF Multitool check must run)");
        }
        Assumptions.abort(why);
    }
}
