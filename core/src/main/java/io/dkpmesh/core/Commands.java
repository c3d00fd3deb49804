package io.dkpmesh.core;

import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.api.Version;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import io.dkpmesh.core.report.Reports;
import io.dkpmesh.core.validate.TopologySchema;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands every front end offers (render, check, validate, diff, access, graph, schema), each
 * one engine call plus what it writes and says: the same reports and the same lines whichever front
 * end runs it. A front end turns its own settings into a {@link RenderRequest} and {@link Options},
 * adapts its log into an {@link EngineLog}, calls one method here, and maps a {@link FindingsException}
 * (bad input: its findings are the whole message) and an {@link IOException} (a report it could not
 * write) to its own way of failing.
 */
public final class Commands {

    /** {@code access} writes these into the report directory. */
    public static final String ACCESS_MARKDOWN = "access.md";

    public static final String ACCESS_JSON = "access.json";

    /** {@code graph} writes the diagram to this file in the report directory. */
    public static final String GRAPH_FILE = "topology.mmd";

    /** The folder of the report directory that {@link #importFleet} writes into. */
    public static final String IMPORT_FOLDER = "import";

    /**
     * What a front end's settings say beyond the request.
     *
     * @param baseFolder       the folder paths are shown relative to (the project folder, or the working folder)
     * @param reportDirectory  where validate, diff, access and graph write their reports
     * @param failOnWarning    fail on warnings as well as on errors
     * @param failOnTransition fail diff and validate when the change holds a transition ({@code DKPM8xx})
     */
    public record Options(Path baseFolder, Path reportDirectory, boolean failOnWarning, boolean failOnTransition) {

        public Options {
            Objects.requireNonNull(baseFolder, "baseFolder");
            Objects.requireNonNull(reportDirectory, "reportDirectory");
        }
    }

    private final DkpMesh engine;
    private final EngineLog log;
    private final Options options;

    public Commands(DkpMesh engine, EngineLog log, Options options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.log = Objects.requireNonNull(log, "log");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Validates and writes the tree; with failOnWarning, decides before anything is written. */
    public void render(RenderRequest request) throws FindingsException {
        if (options.failOnWarning()) {
            // decide before rendering, so a warning never leaves a half-wanted tree on disk
            List<Finding> findings = engine.validate(request);
            if (!findings.isEmpty()) {
                throw new FindingsException(findings);
            }
        }
        RenderSummary summary = engine.render(request);
        reportWarnings(summary.warnings());
        log.info("Rendered " + Text.count(summary.files(), "file") + " for " + Text.count(summary.clusters(), "cluster")
                + " into " + relative(request.outputDirectory()) + "/ (" + summary.written() + " changed, "
                + summary.deleted() + " removed)");
    }

    /** Fails when the tree on disk differs from what render writes. */
    public void check(RenderRequest request) throws FindingsException {
        int files = engine.check(request);
        log.info("Checked " + relative(request.outputDirectory()) + "/: all " + files
                + " rendered files are up to date");
    }

    /** Writes every finding to {@code report.json} and {@code report.sarif} first, then fails on them. */
    public void validate(RenderRequest request) throws FindingsException, IOException {
        // what check would fail on is in the reports too: one command gives CI the whole picture
        List<Finding> findings = engine.findings(request);
        // reports first: CI uploads them precisely when the run fails
        Reports.write(findings, options.reportDirectory(), Version.current(), request.topology());
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        if (errors > 0 || (warnings > 0 && options.failOnWarning())) {
            throw new FindingsException(findings);
        }
        failOnTransitions(findings);
        reportWarnings(findings);
        log.info("Validated " + relative(request.topology()) + ": " + Text.count(errors, "error") + ", "
                + Text.count(warnings, "warning") + "; reports in " + relative(options.reportDirectory()) + "/");
    }

    /** Prints the plan of what render would change and writes {@code plan.md} and {@code plan.json}. */
    public void diff(RenderRequest request) throws FindingsException, IOException {
        ChangePlan plan = engine.diff(request);
        Path reportDirectory = options.reportDirectory();
        Reports.writePlan(plan, reportDirectory, relative(request.topology()));
        for (ChangePlan.ClusterChanges cluster : plan.clusters()) {
            log.info(cluster.cluster() + ":");
            for (ChangePlan.ObjectChange change : cluster.changes()) {
                log.info(String.format(
                        "  %-7s %s %s%s%s",
                        change.action().label(),
                        change.kind(),
                        change.namespace().isEmpty() ? "" : change.namespace() + "/",
                        change.name(),
                        change.cause() == ChangePlan.Cause.TOPOLOGY
                                ? ""
                                : " (" + change.cause().label() + ")"));
                Reports.fieldLines(change).forEach(line -> log.info("      " + line));
            }
        }
        if (!plan.transitions().isEmpty()) {
            log.warn("transitions (what the running clusters cannot simply take):");
            for (ChangePlan.Transition transition : plan.transitions()) {
                log.warn("  " + transition.finding().format());
                for (int i = 0; i < transition.steps().size(); i++) {
                    log.warn("      " + (i + 1) + ". "
                            + transition.steps().get(i).line());
                }
            }
        }
        if (!plan.access().isEmpty()) {
            log.info("access:");
            plan.access().forEach(change -> log.info("  " + change.line()));
        }
        log.info("Plan: " + plan.count(Action.ADDED) + " to add, " + plan.count(Action.CHANGED) + " to change, "
                + plan.count(Action.REMOVED) + " to remove; written to " + relative(reportDirectory) + "/"
                + Reports.PLAN_MD);
        failOnTransitions(plan.transitionFindings());
    }

    /** Prints who can call what and writes {@code access.md} and {@code access.json}. */
    public void access(RenderRequest request) throws FindingsException, IOException {
        AccessMatrix matrix = engine.access(request);
        String markdown = AccessReport.markdown(matrix);
        Path directory = options.reportDirectory();
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(ACCESS_MARKDOWN), markdown, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(ACCESS_JSON), AccessReport.json(matrix), StandardCharsets.UTF_8);
        long open = matrix.targets().stream()
                .filter(AccessMatrix.TargetAccess::open)
                .count();
        log.info("Access of " + relative(request.topology()) + ": "
                + (matrix.targets().size() - open)
                + " protected and " + open + " open targets; written to "
                + relative(directory.resolve(ACCESS_MARKDOWN)) + " and " + ACCESS_JSON + ":\n"
                + markdown.stripTrailing());
    }

    /** Prints the Mermaid diagram and writes it to {@link #GRAPH_FILE}. */
    public void graph(RenderRequest request) throws FindingsException, IOException {
        String mermaid = engine.graph(request);
        Path file = options.reportDirectory().resolve(GRAPH_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, mermaid, StandardCharsets.UTF_8);
        // the text itself goes to the log so it can be pasted into an issue or a chat as it is
        log.info("Mermaid graph of " + relative(request.topology()) + " written to " + relative(file) + ":\n"
                + mermaid.stripTrailing());
    }

    /**
     * Adopts a hand-written fleet: reads {@code <from>/<cluster>/**.yaml} and writes the topology they
     * amount to, with a report of every object read, into {@code import/} of the report directory
     * (docs/import.md). Changes nothing else.
     *
     * @param from     the folder with one sub-folder per cluster; empty when the user gave none
     * @param clusters a topology (or a {@code clusters:} list) with the facts objects cannot tell
     * @param fromName how the user names the folder option, for the finding when it is missing
     */
    public void importFleet(Optional<Path> from, Optional<Path> clusters, String fromName) throws FindingsException {
        if (from.isEmpty()) {
            throw new FindingsException(List.of(new Finding(
                    FindingCode.IMPORT_FOLDER.code(),
                    Severity.ERROR,
                    ".",
                    0,
                    0,
                    "",
                    "nothing to import: set " + fromName + " to the folder that holds one sub-folder per cluster")));
        }
        Path out = options.reportDirectory().resolve(IMPORT_FOLDER);
        ImportResult result = engine.importFleet(new ImportRequest(from.get(), clusters, out));
        if (result.hasErrors()) {
            throw new FindingsException(result.findings());
        }
        reportWarnings(result.findings());
        log.info("Imported " + result.objects() + " objects from " + relative(from.get()) + " into "
                + relative(out.resolve("topology.yaml")) + "; every object and what became of it: "
                + relative(out.resolve("report.md")));
    }

    /** Writes the topology JSON Schema to {@code file} (unless it holds it already) and prints the editor line. */
    public void schema(RenderRequest request, Path file) throws IOException {
        byte[] schema = TopologySchema.text().getBytes(StandardCharsets.UTF_8);
        // an unchanged schema keeps its mtime, so editors watching the file do not reload it
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), schema)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, schema);
        }
        log.info("Wrote the topology JSON Schema to " + relative(file) + "; for completion in your editor, start "
                + relative(request.topology()) + " with: # yaml-language-server: $schema="
                + schemaReference(request.topology(), file));
    }

    /**
     * The findings of a failed run that make it fail, as the console shows them: the errors, and the
     * warnings when failOnWarning is set or nothing else is wrong.
     */
    public List<Finding> failing(FindingsException e) {
        boolean warningsFail = warningsFail(e);
        return e.findings().stream()
                .filter(f -> f.isError() || warningsFail)
                .map(this::shown)
                .toList();
    }

    /** The warnings of a failed run that do not make it fail (said apart, as warnings), as the console shows them. */
    public List<Finding> warnedApart(FindingsException e) {
        return warningsFail(e)
                ? List.of()
                : e.findings().stream()
                        .filter(f -> !f.isError())
                        .map(this::shown)
                        .toList();
    }

    /**
     * The failure's text: {@code <n> errors, <m> warnings<note>:} and one line per failing finding;
     * {@code note} follows the counts when some warnings were said apart.
     */
    public String failureMessage(FindingsException e, String note) {
        long errors = e.errors().size();
        long warnings = e.findings().size() - errors;
        return Text.count(errors, "error") + ", " + Text.count(warnings, "warning")
                + (warnedApart(e).isEmpty() ? "" : note) + ":\n"
                + failing(e).stream().map(Finding::format).collect(Collectors.joining("\n"));
    }

    private boolean warningsFail(FindingsException e) {
        return options.failOnWarning() || e.errors().isEmpty();
    }

    /**
     * Says each warning as one warning line; with failOnWarning, fails on them instead. A front end
     * whose quiet mode shows errors only drops these lines: a warning is never dressed up as an
     * error line, which would read as a failed run that then passes (validate's reports keep every warning).
     */
    private void reportWarnings(List<Finding> warnings) throws FindingsException {
        if (options.failOnWarning() && !warnings.isEmpty()) {
            throw new FindingsException(warnings);
        }
        for (Finding warning : warnings) {
            log.warn(shown(warning).format());
        }
    }

    /** With failOnTransition, fails on the transitions among {@code findings} ({@code DKPM8xx}). */
    private void failOnTransitions(List<Finding> findings) throws FindingsException {
        List<Finding> transitions =
                findings.stream().filter(f -> f.code().startsWith("DKPM8")).toList();
        if (options.failOnTransition() && !transitions.isEmpty()) {
            throw new FindingsException(transitions);
        }
    }

    /**
     * The finding as the console shows it: its file relative to the base folder, as in the
     * reports, not the absolute path the front end resolved.
     */
    public Finding shown(Finding finding) {
        Path file;
        try {
            file = Path.of(finding.file());
        } catch (InvalidPathException e) {
            return finding;
        }
        if (!file.isAbsolute()) {
            return finding;
        }
        return new Finding(
                finding.code(),
                finding.severity(),
                relative(file),
                finding.line(),
                finding.column(),
                finding.pointer(),
                finding.message());
    }

    /** {@code path} relative to the base folder with forward slashes, or as given when outside it. */
    public String relative(Path path) {
        Path base = options.baseFolder().toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(base)) {
            return path.toString();
        }
        String relative = base.relativize(absolute).toString().replace(File.separatorChar, '/');
        return relative.isEmpty() ? "." : relative;
    }

    /** The schema as the YAML language server resolves it: relative to the topology file when possible. */
    private static String schemaReference(Path topology, Path schema) {
        Path from = topology.toAbsolutePath().normalize().getParent();
        Path to = schema.toAbsolutePath().normalize();
        if (from == null || !from.getRoot().equals(to.getRoot())) {
            return to.toUri().toString();
        }
        return from.relativize(to).toString().replace(File.separatorChar, '/');
    }
}
