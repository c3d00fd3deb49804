package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README is the front door: short, its test command the one CI runs, and every page it hands
 * the details to (finding codes, access, safety, the benchmark, development) one click away.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..");

    private static String readme() throws Exception {
        return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyFindingCodeIsDocumentedOneClickFromTheReadme() throws Exception {
        assertThat(readme()).contains("](" + Links.FINDINGS_PAGE + ")");
        String page = Files.readString(ROOT.resolve(Links.FINDINGS_PAGE), StandardCharsets.UTF_8);
        for (FindingCode code : FindingCode.values()) {
            assertThat(page)
                    .as(
                            "%s is not in %s: regenerate it (CONTRIBUTING.md, \"Finding codes\")",
                            code.code(), Links.FINDINGS_PAGE)
                    .contains("| [`" + code.code() + "`](#" + Links.findingAnchor(code.code()) + ") | ")
                    .contains("\n### " + code.code() + "\n");
        }
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws Exception {
        String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        Matcher exec = Pattern.compile("(?m)^exec (.+)$").matcher(ci);
        assertThat(exec.find()).as(".ci/run ends in exec <command>").isTrue();
        String command = exec.group(1).strip();
        assertThat(command).isEqualTo("./mvnw -B -ntp verify");
        // the command stands alone on a line of the README's "Two commands" block
        String twoCommands = readme().split("\n## Two commands\n", 2)[1].split("\n## ", 2)[0];
        assertThat(twoCommands.lines().map(String::strip)).contains(command);
    }

    @Test
    void theReadmeIsAFrontDoorWithEveryMovedSectionOneClickAway() throws Exception {
        String readme = readme();
        assertThat(readme.lines().count()).as("README.md lines").isLessThanOrEqualTo(250);
        for (String page : List.of(
                "docs/findings.md",
                "docs/access.md",
                "docs/safety.md",
                "docs/output.md",
                "docs/topology-reference.md",
                "docs/transitions.md",
                "docs/architecture.md",
                "bench/README.md",
                "CONTRIBUTING.md")) {
            assertThat(readme).as(page).contains("](" + page);
            assertThat(ROOT.resolve(page)).isRegularFile();
        }
        assertThat(readme).doesNotContain("| `DKPM001` |").doesNotContain("| N | objects | files |");
    }

    /** The first-fleet walkthrough's topology, as the README shows it. */
    static String firstFleet(String readme) {
        String section = readme.split("\n## Your first fleet\n", 2)[1].split("\n## ", 2)[0];
        String block = section.split("```yaml\n", 2)[1].split("\n   ```", 2)[0];
        return block.lines()
                        .map(line -> line.length() >= 3 ? line.substring(3) : line.strip())
                        .collect(java.util.stream.Collectors.joining("\n"))
                + "\n";
    }

    @Test
    void theFirstFleetRendersWhatTheWalkthroughSays(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = readme();
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, firstFleet(readme), StandardCharsets.UTF_8);
        Path out = dir.resolve("rendered");
        io.dkpmesh.core.DkpMesh engine = new io.dkpmesh.core.DkpMesh(EngineLog.SILENT);
        RenderRequest request = RenderRequest.of(topology, out).withStateDirectory(dir.resolve("state"));
        assertThat(engine.findings(request)).isEmpty();
        engine.render(request);
        java.util.List<String> files;
        try (var walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile)
                    .map(file -> out.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> !file.startsWith(".dkp-mesh/"))
                    .sorted()
                    .toList();
        }
        assertThat(files)
                .contains(
                        "TOPOLOGY.md",
                        "ACCESS.md",
                        "clusters/spb/kustomization.yaml",
                        "clusters/msk/modules/moduleconfig-istio.yaml",
                        "clusters/msk/mesh/istiofederation-spb.yaml",
                        "clusters/spb/mesh/authorizationpolicy-shop.catalog.yaml",
                        "clusters/spb/components/service-exports/service.shop.catalog.yaml");
        assertThat(files).doesNotContain("clusters/msk/mesh/authorizationpolicy-shop.catalog.yaml");
        // the mistake step 2 shows
        Files.writeString(
                topology, firstFleet(readme).replaceFirst("edition: EE", "edition: CE"), StandardCharsets.UTF_8);
        java.util.List<Finding> findings = engine.findings(RenderRequest.of(topology, dir.resolve("other")));
        assertThat(findings)
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DKPM203", 8, 16));
        assertThat(readme)
                .contains("`topology.yaml:8:16: error DKPM203 /spec/clusters/0/edition: cluster 'msk' runs DKP CE");
    }
}
