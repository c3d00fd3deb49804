package io.dkpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the command line can get wrong: exit codes, option names, its phrasing of fixes. */
class MainTest {

    private static final Path EXAMPLE = Path.of("../examples/single-cluster/topology.yaml");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString())
                .contains("render", "check", "validate", "diff", "access", "graph", "schema", "import", "help");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("render", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void helpNamesEveryOptionAfterThePluginProperty() {
        assertThat(run("help", "validate")).isZero();
        // picocli wraps the help at 80 columns, a long word after a dot
        assertThat(out.toString().replaceAll("\\s+", " ").replace("dkpmesh. ", "dkpmesh."))
                .contains("--topology", "dkpmesh.topology")
                .contains("--output", "dkpmesh.outputDirectory")
                .contains("--report-dir", "dkpmesh.reportDirectory")
                .contains("--clusters", "dkpmesh.clusters")
                .contains("--templates", "dkpmesh.templates")
                .contains("--baseline", "dkpmesh.baseline")
                .contains("--fail-on-warning", "dkpmesh.failOnWarning")
                .contains("--fail-on-transition", "dkpmesh.failOnTransition");
    }

    @Test
    void aMissingTopologyExitsOneAndNamesTheOptionThatPointsAtIt() {
        int code = run(
                "render",
                "--topology",
                dir.resolve("nope.yaml").toString(),
                "--output",
                dir.resolve("r").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("1 error, 0 warnings:")
                .contains("error DKPM007")
                .contains("create it or point --topology at it");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void aStaleTreeExitsOneAndTellsTheCommandThatRendersIt() throws Exception {
        String[] where = {
            "--topology", EXAMPLE.toString(),
            "--output", dir.resolve("rendered").toString(),
            "--state-dir", dir.resolve("state").toString(),
            "--report-dir", dir.resolve("reports").toString()
        };
        assertThat(run(concat("render", where))).isZero();
        assertThat(out.toString()).contains("Rendered ").contains(" for 1 cluster into ");
        assertThat(run(concat("check", where))).isZero();
        Path kustomization = dir.resolve("rendered/clusters")
                .toFile()
                .listFiles()[0]
                .toPath()
                .resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization) + "# edited by hand\n");
        assertThat(run(concat("check", where))).isEqualTo(1);
        assertThat(err.toString()).contains("error DKPM902").contains("run dkp-mesh render and commit the result");
        assertThat(run(concat("validate", where))).isEqualTo(1);
        assertThat(dir.resolve("reports/report.sarif")).isRegularFile();
    }

    @Test
    void quietPrintsNothingOnSuccess() {
        int code = run("graph", "--quiet", "--topology", EXAMPLE.toString(), "--report-dir", dir.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("topology.mmd")).isRegularFile();
    }

    @Test
    void importReadsTheClusterTreesAndWritesTheTopologyAndItsReport() throws Exception {
        Path rendered = dir.resolve("rendered");
        assertThat(run(
                        "render",
                        "--topology",
                        EXAMPLE.toString(),
                        "--output",
                        rendered.toString(),
                        "--state-dir",
                        dir.resolve("state").toString()))
                .isZero();
        assertThat(run(
                        "import",
                        "--import-from",
                        rendered.resolve("clusters").toString(),
                        "--import-clusters",
                        EXAMPLE.toString(),
                        "--report-dir",
                        dir.resolve("reports").toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("Imported ").contains("report.md");
        assertThat(dir.resolve("reports/import/topology.yaml")).content().contains("MeshTopology");
        assertThat(dir.resolve("reports/import/report.md")).isRegularFile();
    }

    @Test
    void importWithoutAFolderExitsOneAndNamesTheOption() {
        assertThat(run("import", "--report-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error DKPM011").contains("set --import-from");
    }

    private static String[] concat(String command, String[] options) {
        String[] all = new String[options.length + 1];
        all[0] = command;
        System.arraycopy(options, 0, all, 1, options.length);
        return all;
    }
}
