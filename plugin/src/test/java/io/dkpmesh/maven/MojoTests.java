package io.dkpmesh.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The few things only a Mojo can get wrong; the engine's behaviour is tested in core. */
@MojoTest
class MojoTests {

    private static final String INVALID = "src/test/projects/invalid/topology.yaml";
    /** Valid, with one warning: a metadata endpoint on the deprecated istio. subdomain (DKPM304). */
    private static final String WARNING = "src/test/projects/warning/topology.yaml";

    private static final String MISSING = "src/test/projects/does-not-exist/topology.yaml";

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = INVALID)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/invalid/rendered")
    void renderOfBadTopologyFailsWithEveryFinding(RenderMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 error, 0 warnings")
                .hasMessageContaining("topology.yaml:16:16: error DKPM203 /spec/clusters/1/edition: ")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThat(Path.of("target/mojo-tests/invalid/rendered")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/missing/rendered")
    void aMissingTopologyNamesTheMavenPropertyThatPointsAtIt(RenderMojo mojo) {
        // the engine says "point the setting that names the topology file at it"; Maven users read the property
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("error DKPM007")
                .hasMessageContaining("create it or point " + PropertyNames.TOPOLOGY + " at it")
                .hasMessageNotContaining("the setting that names the topology file");
    }

    @Test
    @InjectMojo(goal = "check")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/stale/rendered")
    void aStaleTreeTellsMavenUsersTheGoalThatRendersIt(CheckMojo mojo) throws Exception {
        Path out = Path.of("target/mojo-tests/stale/rendered");
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(Path.of(WARNING), out));
        Path edited = out.resolve("clusters/msk/mesh/istiofederation-ams.yaml");
        Files.writeString(edited, Files.readString(edited) + "# edited by hand\n");
        // the engine says "render the tree again with dkp-mesh"; Maven users read the goal
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(
                        "istiofederation-ams.yaml: error DKPM902 /: was edited by hand since render wrote it;"
                                + " run mvn dkp-mesh:render and commit the result");
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/fail-on-warning/rendered")
    @MojoParameter(name = "failOnWarning", value = "true")
    void failOnWarningFailsBeforeAnythingIsWritten(RenderMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("0 errors, 1 warning")
                .hasMessageContaining("topology.yaml:25:25: warning DKPM304 /spec/clusters/2/metadataEndpoint");
        assertThat(Path.of("target/mojo-tests/fail-on-warning/rendered")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/warning/rendered")
    void aWarningAloneDoesNotStopRender(RenderMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/warning/rendered/clusters/msk/mesh/istiofederation-ams.yaml"))
                .content()
                .contains("https://istio.k8s-ams.example.com/metadata/");
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/warning-log/rendered")
    void aWarningIsOneWarningLineAndTheSummaryCountsRenderedClusters(RenderMojo mojo) throws Exception {
        CapturingLog log = new CapturingLog(true);
        mojo.setLog(log);
        mojo.execute();
        assertThat(log.lines)
                .anyMatch(l ->
                        l.startsWith("[WARNING] ") && l.contains("warning DKPM304 /spec/clusters/2/metadataEndpoint"));
        assertThat(log.lines).noneMatch(l -> l.startsWith("[ERROR]"));
        assertThat(log.lines).anyMatch(l -> l.matches("\\[INFO\\] Rendered \\d+ files for 3 clusters into .*"));
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/warning-quiet/rendered")
    void underQuietAWarningIsNotPrintedAsAnError(RenderMojo mojo) throws Exception {
        // mvn -q: Maven's log has only the error level on
        CapturingLog log = new CapturingLog(false);
        mojo.setLog(log);
        mojo.execute();
        assertThat(log.lines).as("a passing build prints no [ERROR] line").noneMatch(l -> l.startsWith("[ERROR]"));
    }

    /** A federation whose rule admits ams/checkout to msk/shop/catalog; its policies folder admits spb/checkout too. */
    private static final String USER_POLICIES = "src/test/projects/user-policies/topology.yaml";

    private static final String USER_POLICIES_FOLDER = "src/test/projects/user-policies/policies";

    @Test
    @InjectMojo(goal = "access")
    @MojoParameter(name = "topology", value = USER_POLICIES)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/user-policies-access/rendered")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/user-policies-access/reports")
    @MojoParameter(name = "policies", value = USER_POLICIES_FOLDER)
    void accessIncludesTheUsersOwnPoliciesOfThePoliciesFolder(AccessMojo mojo) throws Exception {
        mojo.execute();
        // istio builder.go: ALLOW policies of one workload add up, so the user's own admits spb/checkout too
        assertThat(Path.of("target/mojo-tests/user-policies-access/reports/access.md"))
                .content()
                .contains("Includes 1 of the user's own AuthorizationPolicies")
                .contains(
                        "| `spb/checkout` | admitted once the Service is labelled | `user:shop/catalog-from-checkout` |")
                .contains(
                        "| `ams/checkout` | admitted once the Service is labelled | `authorizationpolicy-shop.catalog` |");
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = USER_POLICIES)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/user-policies-render/rendered")
    @MojoParameter(name = "policies", value = USER_POLICIES_FOLDER)
    void renderWritesAnAccessPageWithTheUsersOwnPoliciesAndWarnsOfOtherKinds(RenderMojo mojo) throws Exception {
        CapturingLog log = new CapturingLog(true);
        mojo.setLog(log);
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/user-policies-render/rendered/ACCESS.md"))
                .content()
                .contains(
                        "| `spb/checkout` | admitted once the Service is labelled | `user:shop/catalog-from-checkout` |");
        assertThat(log.lines)
                .anyMatch(l -> l.startsWith("[WARNING] ")
                        && l.contains(
                                "policies/msk/shop.yaml:17:1: warning DKPM514 /: ignored: document 2 of the file is"
                                        + " apps/v1 Deployment"));
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = USER_POLICIES)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/user-policies-none/rendered")
    void withoutThePoliciesFolderTheAccessPageSaysTheyAreNotIncluded(RenderMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/user-policies-none/rendered/ACCESS.md"))
                .content()
                .contains("The user's own AuthorizationPolicies are not included")
                .contains("| `spb/checkout` | denied |");
    }

    /** An error (spb runs CE) and a warning (DKPM304), as in the warning project. */
    private static final String ERROR_AND_WARNING = "src/test/projects/error-and-warning/topology.yaml";

    /**
     * Maven resolves the default topology, ${project.basedir}/topology.yaml, to an absolute path;
     * the console shows it relative to the project folder, as the SARIF report does.
     */
    private static void absoluteTopology(AbstractDkpMeshMojo mojo) throws Exception {
        java.lang.reflect.Field topology = AbstractDkpMeshMojo.class.getDeclaredField("topology");
        topology.setAccessible(true);
        topology.set(mojo, Path.of(ERROR_AND_WARNING).toAbsolutePath().toFile());
    }

    @Test
    @InjectMojo(goal = "validate")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/validate-quiet/reports")
    void underQuietAFailingValidatePrintsItsErrorsOnlyWithTheReportsRelativePath(ValidateMojo mojo) throws Exception {
        absoluteTopology(mojo);
        mojo.setLog(new CapturingLog(false));
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("1 error, 1 warning")
                .hasMessageContaining("\n" + ERROR_AND_WARNING
                        + ":15:16: error DKPM203 /spec/clusters/1/edition: cluster 'spb' runs DKP CE")
                .hasMessageNotContaining("DKPM304")
                .hasMessageNotContaining(Path.of("").toAbsolutePath().toString());
        assertThat(Files.readString(Path.of("target/mojo-tests/validate-quiet/reports/report.sarif")))
                .contains("DKPM304");
    }

    @Test
    @InjectMojo(goal = "validate")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/validate-loud/reports")
    void aFailingValidatePrintsItsWarningsOnWarningLinesWithTheReportsRelativePath(ValidateMojo mojo) throws Exception {
        absoluteTopology(mojo);
        CapturingLog log = new CapturingLog(true);
        mojo.setLog(log);
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageNotContaining("DKPM304");
        assertThat(log.lines)
                .containsExactly(
                        "[WARNING] " + ERROR_AND_WARNING
                                + ":25:25: warning DKPM304 /spec/clusters/2/metadataEndpoint: metadata endpoint host"
                                + " 'istio.k8s-ams.example.com' uses the deprecated istio. subdomain; prefer istio-metadata.k8s-ams.example.com");
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/no-op/rendered")
    @MojoParameter(name = "stateDirectory", value = "target/mojo-tests/no-op/state")
    void anUnchangedReRenderRendersNothingAndPrintsTheSameWarnings(RenderMojo mojo) throws Exception {
        deleteRecursively(Path.of("target/mojo-tests/no-op"));
        DebugLog first = new DebugLog();
        mojo.setLog(first);
        mojo.execute();
        DebugLog second = new DebugLog();
        mojo.setLog(second);
        mojo.execute();
        assertThat(first.noOp()).isFalse();
        assertThat(second.noOp())
                .as("the second run proves the tree current without rendering")
                .isTrue();
        assertThat(second.lines).anyMatch(l -> l.contains("(0 changed, 0 removed)"));
        assertThat(warnings(second))
                .as("the no-op prints the warnings the full render printed")
                .isNotEmpty()
                .isEqualTo(warnings(first));
        assertThat(Path.of("target/mojo-tests/no-op/state")).isNotEmptyDirectory();
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = WARNING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/no-state/rendered")
    void anUnresolvedStateDirectoryRecordsNothing(RenderMojo mojo) throws Exception {
        // the testing harness leaves ${project.build.directory} as it is: no folder of that name may appear
        mojo.execute();
        assertThat(Path.of("${project.build.directory}")).doesNotExist();
    }

    private static java.util.List<String> warnings(CapturingLog log) {
        return log.lines.stream().filter(l -> l.startsWith("[WARNING]")).toList();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    /** A {@link CapturingLog} that also records debug lines. */
    static final class DebugLog extends CapturingLog {
        DebugLog() {
            super(true);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public void debug(CharSequence content) {
            lines.add("[DEBUG] " + content);
        }

        boolean noOp() {
            return lines.stream().anyMatch(l -> l.startsWith("[DEBUG] inputs and tree unchanged"));
        }
    }

    /** Maven's log, recorded; {@code quiet == false} is {@code mvn -q}, where only errors are enabled. */
    static class CapturingLog extends org.apache.maven.plugin.logging.SystemStreamLog {
        final java.util.List<String> lines = new java.util.ArrayList<>();
        private final boolean warnEnabled;

        CapturingLog(boolean warnEnabled) {
            this.warnEnabled = warnEnabled;
        }

        @Override
        public boolean isInfoEnabled() {
            return warnEnabled;
        }

        @Override
        public boolean isWarnEnabled() {
            return warnEnabled;
        }

        @Override
        public void info(CharSequence content) {
            if (warnEnabled) {
                lines.add("[INFO] " + content);
            }
        }

        @Override
        public void warn(CharSequence content) {
            if (warnEnabled) {
                lines.add("[WARNING] " + content);
            }
        }

        @Override
        public void error(CharSequence content) {
            lines.add("[ERROR] " + content);
        }
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/skip/rendered")
    @MojoParameter(name = "skip", value = "true")
    void skipMakesRenderDoNothing(RenderMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/skip/rendered")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "render")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/render-skip/rendered")
    @MojoParameter(name = "renderSkip", value = "true")
    void renderSkipMakesRenderDoNothing(RenderMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/render-skip/rendered")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "validate")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/validate-skip/reports")
    @MojoParameter(name = "validateSkip", value = "true")
    void validateSkipMakesValidateDoNothing(ValidateMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/validate-skip/reports")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "validate")
    @MojoParameter(name = "topology", value = INVALID)
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/validate/reports")
    void validateWritesReportsAndThenFails(ValidateMojo mojo) throws Exception {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("DKPM203");
        Path reports = Path.of("target/mojo-tests/validate/reports");
        assertThat(Files.readString(reports.resolve("report.sarif"))).contains("\"ruleId\": \"DKPM203\"");
        assertThat(Files.readString(reports.resolve("report.json"))).contains("\"code\": \"DKPM203\"");
    }

    @Test
    @InjectMojo(goal = "graph")
    @MojoParameter(name = "topology", value = INVALID)
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/graph/reports")
    void graphOfBadTopologyFailsWithTheFindings(GraphMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("DKPM203");
        assertThat(Path.of("target/mojo-tests/graph/reports")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "graph")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/graph-skip/reports")
    @MojoParameter(name = "graphSkip", value = "true")
    void graphSkipMakesGraphDoNothing(GraphMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/graph-skip/reports")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "schema")
    @MojoParameter(name = "topology", value = MISSING)
    @MojoParameter(name = "schemaFile", value = "target/mojo-tests/schema/topology.schema.json")
    void schemaNeedsNoTopologyAndWritesTheBundledSchema(SchemaMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Files.readString(Path.of("target/mojo-tests/schema/topology.schema.json")))
                .isEqualTo(DkpMesh.topologySchema());
    }

    @Test
    @InjectMojo(goal = "schema")
    @MojoParameter(name = "schemaFile", value = "target/mojo-tests/schema-skip/topology.schema.json")
    @MojoParameter(name = "schemaSkip", value = "true")
    void schemaSkipMakesSchemaDoNothing(SchemaMojo mojo) throws Exception {
        mojo.execute();
        assertThat(Path.of("target/mojo-tests/schema-skip")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "diff")
    @MojoParameter(name = "topology", value = "target/mojo-tests/transition/topology.yaml")
    @MojoParameter(name = "outputDirectory", value = "target/mojo-tests/transition/rendered")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/transition/report")
    @MojoParameter(name = "failOnTransition", value = "true")
    void failOnTransitionFailsDiffOnATransitionAfterWritingThePlan(DiffMojo mojo) throws Exception {
        Path dir = Path.of("target/mojo-tests/transition");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String topology = Files.readString(Path.of(WARNING));
        Files.writeString(dir.resolve("topology.yaml"), topology);
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(dir.resolve("topology.yaml"), dir.resolve("rendered")));
        Files.writeString(
                dir.resolve("topology.yaml"),
                topology.replace("clusterDomain: spb.local", "clusterDomain: spb2.local"));
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("topology.yaml:17:")
                .hasMessageContaining("warning DKPM811 /spec/clusters/1/clusterDomain");
        assertThat(dir.resolve("report/plan.md")).content().contains("**DKPM811**");
    }

    @Test
    @InjectMojo(goal = "import")
    @MojoParameter(name = "importFrom", value = "src/test/projects/import/fleet")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/import/reports")
    void importWritesTopologyAndReportAndWarnsOfTheRefusedSecret(ImportMojo mojo) throws Exception {
        CapturingLog log = new CapturingLog(true);
        mojo.setLog(log);
        mojo.execute();
        Path out = Path.of("target/mojo-tests/import/reports/import");
        assertThat(out.resolve("topology.yaml")).content().contains("\"clusters\": [\"msk\", \"spb\"]");
        assertThat(out.resolve("report.md"))
                .content()
                .contains("refused: key material")
                .doesNotContain("c2VjcmV0");
        assertThat(log.lines).anyMatch(l -> l.startsWith("[WARNING] ") && l.contains("DKPM013"));
        assertThat(log.lines).anyMatch(l -> l.startsWith("[INFO] Imported 3 objects from "));
    }

    @Test
    @InjectMojo(goal = "import")
    @MojoParameter(name = "importFrom", value = "src/test/projects/import/does-not-exist")
    @MojoParameter(name = "reportDirectory", value = "target/mojo-tests/import-missing/reports")
    void importOfAMissingFolderFailsWithTheFinding(ImportMojo mojo) {
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("error DKPM011");
        assertThat(Path.of("target/mojo-tests/import-missing/reports/import")).doesNotExist();
    }
}
