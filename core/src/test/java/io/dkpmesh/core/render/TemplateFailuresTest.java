package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A user template's failure is one finding at its line, never FreeMarker's log or a stack trace, and
 * a user template that would render different bytes from the same topology is refused.
 */
class TemplateFailuresTest {

    private static final String FEDERATION = "istiofederation.yaml.ftl";
    private static final String ATTEMPT = "<#attempt>\n# ${nosuchfield}\n<#recover>\n# recovered\n</#attempt>\n";

    @TempDir
    Path dir;

    Path topology;
    Path templates;
    String builtIn;
    /** The line a line appended to the built-in federation template stands on. */
    int appended;

    @BeforeEach
    void setUp() throws Exception {
        topology = dir.resolve("topology.yaml");
        templates = dir.resolve("templates");
        Files.createDirectories(templates);
        Files.writeString(topology, Topologies.FEDERATION);
        builtIn = Files.readString(Path.of("..", "templates", FEDERATION));
        appended = (int) builtIn.lines().count() + 1;
    }

    private RenderRequest request() {
        return new RenderRequest(topology, dir.resolve("rendered"), Optional.of(templates), Set.of());
    }

    private List<Finding> findingsOf(RenderRequest request) {
        FindingsException thrown = (FindingsException)
                org.assertj.core.api.Assertions.catchThrowable(() -> new DkpMesh(EngineLog.SILENT).render(request));
        assertThat(thrown).as("the render is refused").isNotNull();
        return thrown.findings();
    }

    // --- FreeMarker's logging

    @Test
    void freeMarkersOwnLoggersAreOff() {
        new TemplateEngine(Optional.empty());
        assertThat(freemarker.log.Logger.getLogger("freemarker.runtime").isErrorEnabled())
                .isFalse();
    }

    /** A cold JVM, as in a Maven build: FreeMarker chooses its logger on first use. */
    @Test
    void anAttemptInAUserTemplatePrintsNothingAndRendersItsRecovery() throws Exception {
        Files.writeString(templates.resolve("attempt.yaml.ftl"), ATTEMPT);
        ChildJvm.Result result = ChildJvm.run(List.of(), AttemptChild.class, templates.toString(), "ALL");
        assertThat(result.output()).isEqualTo("RENDERED '# recovered\\n'\n");
        assertThat(result.exit()).isZero();
    }

    /**
     * A host that turned FreeMarker's logging on with its system property keeps it; the attempt
     * still reports nothing, which proves the silent reporter apart from the silenced loggers.
     */
    @Test
    void anAttemptLogsNothingEvenWhereTheHostTurnedFreeMarkersLoggingOn() throws Exception {
        Files.writeString(templates.resolve("attempt.yaml.ftl"), ATTEMPT);
        ChildJvm.Result result = ChildJvm.run(
                List.of("-Dorg.freemarker.loggerLibrary=JUL"), AttemptChild.class, templates.toString(), "INFO");
        assertThat(result.output()).isEqualTo("RENDERED '# recovered\\n'\n");
        assertThat(result.exit()).isZero();
    }

    /** Renders {@code attempt.yaml.ftl} of the folder in args[0], JUL recording at level args[1]. */
    public static final class AttemptChild {

        public static void main(String[] args) throws Exception {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(Level.parse(args[1]));
            root.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    System.out.println(
                            "JUL " + record.getLoggerName() + " " + record.getLevel() + " " + record.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            String text = new TemplateEngine(Optional.of(Path.of(args[0])))
                    .render("attempt.yaml.ftl", new Kustomization(List.of("a.yaml"), Map.of()));
            System.out.println("RENDERED " + io.dkpmesh.core.api.Text.quote(text));
        }
    }

    // --- failures are one finding at the template's line

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            runtime error        | # ${1 / 0}                      | 3  | DKPM701 | Arithmetic operation failed
            missing value        | # ${nosuchfield}                | 5  | DKPM701 | evaluated to null or missing
            syntax error         | <#if>                           | 2  | DKPM701 | malformed
            endless recursion    | <#macro m><@m/></#macro><@m/>   | 11 | DKPM701 | calls itself without end
            .now                 | # ${.now}                       | 5  | DKPM705 | reads .now
            .now as a year       | # ${.now?string('yyyy')}        | 5  | DKPM705 | reads .now
            .now in a string     | # ${q('at ${.now?date}')}       | 13 | DKPM705 | reads .now
            .now in a macro      | <#macro stamp>${.now}</#macro>  | 17 | DKPM705 | reads .now
            """)
    void aFailingUserTemplateIsOneFindingAtItsLineAndThePreviousTreeStays(
            String name, String line, int column, String code, String message) throws Exception {
        // the tree a clean render left, then the hostile template
        new DkpMesh(EngineLog.SILENT).render(request());
        SortedMap<String, Trees.Entry> before = Trees.snapshot(dir.resolve("rendered"));
        assertThat(before).isNotEmpty();
        Path template = templates.resolve(FEDERATION);
        Files.writeString(template, builtIn + line + "\n");

        List<Finding> findings = findingsOf(request());

        assertThat(findings).hasSize(1);
        Finding finding = findings.get(0);
        assertThat(finding.code()).isEqualTo(code);
        assertThat(finding.file()).isEqualTo(template.toString());
        assertThat(finding.line()).isEqualTo(appended);
        assertThat(finding.column()).isEqualTo(column);
        assertThat(finding.message()).contains(message).doesNotContain("\n", "\tat ", "Exception");
        assertThat(Trees.snapshot(dir.resolve("rendered"))).isEqualTo(before);
    }

    @Test
    void aTemplateOfTheFolderThatNothingRendersIsCheckedToo() throws Exception {
        // it may be imported by name, by a user template or by a built-in one
        Files.writeString(
                templates.resolve("helpers.ftl"),
                "<#-- helpers -->\n<#function stamp>\n<#return .now>\n</#function>\n");
        assertThat(findingsOf(request())).singleElement().satisfies(finding -> {
            assertThat(finding.code()).isEqualTo("DKPM705");
            assertThat(finding.file())
                    .isEqualTo(templates.resolve("helpers.ftl").toString());
            assertThat(finding.line()).isEqualTo(3);
            assertThat(finding.column()).isEqualTo(10);
        });
    }

    @Test
    void theWordNowInTextCommentsAndStringsIsNoClock() throws Exception {
        // the check reads the parse tree, not the source text
        Files.writeString(
                templates.resolve(FEDERATION),
                builtIn + "<#-- .now -->\n# see .now and ${q('.now')} and ${r'${.now}'}\n");
        new DkpMesh(EngineLog.SILENT).render(request());
        assertThat(dir.resolve("rendered/clusters/msk/mesh/istiofederation-spb.yaml"))
                .content()
                .contains("# see .now and \".now\" and ${.now}");
    }

    /**
     * The clock read through {@code ?eval} of a raw string: no parse tree shows it. The template
     * waits for the millisecond to turn before printing it, so two renders always differ.
     */
    @Test
    void aTemplateThatRendersDifferentlyTwiceIsRefused() throws Exception {
        new DkpMesh(EngineLog.SILENT).render(request());
        SortedMap<String, Trees.Entry> before = Trees.snapshot(dir.resolve("rendered"));
        // the line the template adds, after every line of the clean render but the header dkp-mesh adds
        long differing = Files.readString(dir.resolve("rendered/clusters/msk/mesh/istiofederation-spb.yaml"))
                        .lines()
                        .count()
                - Renderer.header("", "retail", "topology.yaml").lines().count()
                + 1;
        Path template = templates.resolve(FEDERATION);
        Files.writeString(
                template,
                builtIn + "<#assign start = r'.now?long'?eval>\n"
                        + "<#list 1..1000000000 as i><#if r'.now?long'?eval != start><#break></#if></#list>\n"
                        + "# ${r'.now?long'?eval}\n");

        List<Finding> findings = findingsOf(request());

        // one finding for the template, not one per rendering of it
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.code()).isEqualTo("DKPM705");
            assertThat(finding.file()).isEqualTo(template.toString());
            assertThat(finding.message())
                    .contains("rendered different bytes from the same data twice, first at line " + differing
                            + " of its output: '# ")
                    .doesNotContain("\n");
        });
        assertThat(Trees.snapshot(dir.resolve("rendered"))).isEqualTo(before);
    }

    @Test
    void theFirstDifferingLineIsNamed() {
        assertThat(TemplateEngine.difference("a\nb\nc\n", "a\nb\nd\n"))
                .startsWith(
                        "rendered different bytes from the same data twice, first at line 3 of its output: 'c', then 'd';");
        assertThat(TemplateEngine.difference("a\n", "a\nb")).contains("line 2 of its output: '', then 'b';");
    }
}
