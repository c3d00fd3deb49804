package io.dkpmesh.cli;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Suggestions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command-line front end: a second thin adapter over the engine, as the Maven plugin is. Each
 * command turns its options into a {@link RenderRequest} and {@link Commands.Options} (defaults as
 * the plugin's in a folder without a pom: {@code topology.yaml}, {@code rendered/} and
 * {@code target/dkp-mesh/} in the working folder), runs the one {@link Commands} method the goal of
 * the same name runs, and exits with 0 (done), 1 (findings, a stale tree, or a report that could not
 * be written) or 2 (usage).
 */
@Command(
        name = "dkp-mesh",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Compiles one topology.yaml into per-cluster Kustomize trees for inter-cluster service meshes on DKP.",
        subcommands = {
            Main.Render.class,
            Main.Check.class,
            Main.Validate.class,
            Main.Diff.class,
            Main.Access.class,
            Main.Graph.class,
            Main.Schema.class,
            Main.Import.class,
            HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    /** Exit code of a run whose input has findings that fail it, or whose tree is stale. */
    public static final int FINDINGS = 1;

    /** Exit code of a command line that picocli cannot parse. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    /** How the engine phrases fixes for users of this command line. */
    static final Suggestions SUGGESTIONS = new Suggestions("run dkp-mesh render", "--topology");

    static {
        // the schema validator logs through SLF4J, and no front end of ours gives it a provider: the
        // plugin's comes from Maven, here its "no providers" notice would be the first line of every run
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line with the process's standard streams; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs one command line printing to {@code out} and {@code err}; returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public Integer call() {
        // no command: say what there is, as a usage error
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dkp-mesh " + DkpMesh.version()};
        }
    }

    /** The options every command shares; named after the plugin's properties ({@code dkpmesh.*}). */
    static final class Settings {

        @Option(
                names = {"-t", "--topology"},
                paramLabel = "FILE",
                defaultValue = "topology.yaml",
                description = "The topology file (dkpmesh.topology). Default: ${DEFAULT-VALUE}.")
        Path topology;

        @Option(
                names = {"-o", "--output", "--output-directory"},
                paramLabel = "DIR",
                defaultValue = "rendered",
                description = "Root of the rendered tree (dkpmesh.outputDirectory). Default: ${DEFAULT-VALUE}.")
        Path output;

        @Option(
                names = {"--report-dir", "--report-directory"},
                paramLabel = "DIR",
                defaultValue = "target/dkp-mesh",
                description = "Where validate, diff, access and graph write their reports (dkpmesh.reportDirectory)."
                        + " Default: ${DEFAULT-VALUE}.")
        Path reportDirectory;

        @Option(
                names = "--templates",
                paramLabel = "DIR",
                description = "A folder of templates overriding the built-in ones by name (dkpmesh.templates).")
        Path templates;

        @Option(
                names = "--clusters",
                paramLabel = "NAME",
                split = ",",
                description = "Render only these clusters, comma-separated (dkpmesh.clusters). Default: all.")
        List<String> clusters = new ArrayList<>();

        @Option(
                names = "--baseline",
                paramLabel = "REF",
                description = "A Git ref whose committed tree diff and validate compare with (dkpmesh.baseline)."
                        + " Default: the tree on disk.")
        String baseline;

        @Option(
                names = "--policies",
                paramLabel = "DIR",
                description =
                        "A folder of your own Istio AuthorizationPolicies and PeerAuthentications, one sub-folder per cluster, that"
                                + " ACCESS.md and access combine with the rendered ones (dkpmesh.policies).")
        Path policies;

        @Option(
                names = "--fail-on-warning",
                description = "Fail on warnings as well as on errors (dkpmesh.failOnWarning).")
        boolean failOnWarning;

        @Option(
                names = "--fail-on-transition",
                description = "Fail diff and validate when the change holds a transition, DKPM8xx"
                        + " (dkpmesh.failOnTransition).")
        boolean failOnTransition;

        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                defaultValue = "target/dkp-mesh",
                description = "Where render records what its last run saw, so an unchanged run writes nothing"
                        + " without rendering again. Default: ${DEFAULT-VALUE}.")
        Path stateDirectory;

        @Option(names = "--skip", description = "Do nothing (dkpmesh.skip).")
        boolean skip;

        @Option(
                names = {"-q", "--quiet"},
                description = "Print errors only, as mvn -q does.")
        boolean quiet;

        @Option(
                names = {"-X", "--debug"},
                description = "Print the engine's debug lines, and the stack trace of a defect.")
        boolean debug;

        RenderRequest request() {
            Set<String> names = new LinkedHashSet<>();
            clusters.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(names::add);
            return new RenderRequest(
                    absolute(topology),
                    absolute(output),
                    Optional.ofNullable(templates).map(Settings::absolute),
                    names,
                    Optional.of(absolute(stateDirectory)),
                    Optional.ofNullable(baseline).map(String::trim).filter(ref -> !ref.isEmpty()),
                    Optional.ofNullable(policies).map(Settings::absolute));
        }

        static Path absolute(Path path) {
            return path.toAbsolutePath();
        }
    }

    /** A command: the shared settings, the one {@link Commands} call, and the mapping to an exit code. */
    abstract static class Base implements Callable<Integer> {

        @Mixin
        Settings settings;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract void run(Commands commands, RenderRequest request) throws FindingsException, IOException;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.name();
            if (settings.skip) {
                if (!settings.quiet) {
                    out.println("Skipping dkp-mesh " + name);
                }
                out.flush();
                return CommandLine.ExitCode.OK;
            }
            ConsoleLog log = new ConsoleLog(out, err, settings.quiet, settings.debug);
            Commands commands = new Commands(
                    new DkpMesh(log, SUGGESTIONS),
                    log,
                    new Commands.Options(
                            Path.of("").toAbsolutePath(),
                            Settings.absolute(settings.reportDirectory),
                            settings.failOnWarning,
                            settings.failOnTransition));
            try {
                run(commands, settings.request());
                return CommandLine.ExitCode.OK;
            } catch (FindingsException e) {
                if (!settings.quiet) {
                    commands.warnedApart(e).forEach(f -> log.warn(f.format()));
                }
                err.println(commands.failureMessage(e, " (the warnings as warning lines above, unless --quiet)"));
                return FINDINGS;
            } catch (IOException e) {
                err.println("dkp-mesh " + name + " could not write its output: " + e);
                return FINDINGS;
            } catch (RuntimeException e) {
                Throwable cause = e instanceof UncheckedIOException io ? io.getCause() : e;
                err.println("dkp-mesh " + name + " failed unexpectedly: " + cause
                        + "; please report it with the output of dkp-mesh --debug " + name);
                if (settings.debug) {
                    cause.printStackTrace(err);
                }
                return FINDINGS;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(
            name = "render",
            description = "Validates the topology and writes one Kustomize tree per cluster, plus the GitOps objects"
                    + " that deliver them.")
    static final class Render extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException {
            commands.render(request);
        }
    }

    @Command(
            name = "check",
            description = "Fails when the tree on disk is stale: every missing, edited or no-longer-rendered file"
                    + " dkp-mesh owns. The fix is dkp-mesh render.")
    static final class Check extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException {
            commands.check(request);
        }
    }

    @Command(
            name = "validate",
            description = "Validates, renders in memory, self-checks and compares with the tree on disk; writes every"
                    + " finding to report.json and SARIF report.sarif in the report directory, then fails on them.")
    static final class Validate extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
            commands.validate(request);
        }
    }

    @Command(
            name = "diff",
            description = "Prints the plan of what render would change (objects, access, transitions) and writes"
                    + " plan.md and plan.json into the report directory. Changes nothing.")
    static final class Diff extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
            commands.diff(request);
        }
    }

    @Command(
            name = "access",
            description = "Prints who can call what and writes access.md and access.json into the report directory."
                    + " Changes nothing.")
    static final class Access extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
            commands.access(request);
        }
    }

    @Command(
            name = "graph",
            description = "Prints the topology as a Mermaid flowchart and writes it to topology.mmd in the report"
                    + " directory.")
    static final class Graph extends Base {
        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException, IOException {
            commands.graph(request);
        }
    }

    @Command(name = "schema", description = "Writes the topology JSON Schema, for completion in editors.")
    static final class Schema extends Base {

        @Option(
                names = "--schema-file",
                paramLabel = "FILE",
                defaultValue = "target/dkp-mesh/topology.schema.json",
                description = "Where to write the schema (dkpmesh.schemaFile). Default: ${DEFAULT-VALUE}.")
        Path schemaFile;

        @Override
        void run(Commands commands, RenderRequest request) throws IOException {
            commands.schema(request, Settings.absolute(schemaFile));
        }
    }

    @Command(
            name = "import",
            description = "Adopts a hand-written fleet: reads <from>/<cluster>/**.yaml and writes the topology they"
                    + " amount to, with a report of every object read, into import/ of the report directory.")
    static final class Import extends Base {

        @Option(
                names = "--import-from",
                paramLabel = "DIR",
                description = "The folder with one sub-folder per cluster, named after it (dkpmesh.importFrom).")
        Path importFrom;

        @Option(
                names = "--import-clusters",
                paramLabel = "FILE",
                description = "A topology (or a clusters: list) with the facts objects cannot tell"
                        + " (dkpmesh.importClusters).")
        Path importClusters;

        @Override
        void run(Commands commands, RenderRequest request) throws FindingsException {
            commands.importFleet(
                    java.util.Optional.ofNullable(importFrom).map(Settings::absolute),
                    java.util.Optional.ofNullable(importClusters).map(Settings::absolute),
                    "--import-from");
        }
    }

    /** The engine's lines on the console: progress on standard output, warnings and debug lines on standard error. */
    static final class ConsoleLog implements EngineLog {

        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean quiet;
        private final boolean debug;

        ConsoleLog(PrintWriter out, PrintWriter err, boolean quiet, boolean debug) {
            this.out = out;
            this.err = err;
            this.quiet = quiet;
            this.debug = debug;
        }

        @Override
        public void debug(String message) {
            if (debug) {
                err.println("debug: " + message);
            }
        }

        @Override
        public void info(String message) {
            if (!quiet) {
                out.println(message);
            }
        }

        @Override
        public void warn(String message) {
            if (!quiet) {
                out.flush();
                err.println(message);
                err.flush();
            }
        }
    }
}
