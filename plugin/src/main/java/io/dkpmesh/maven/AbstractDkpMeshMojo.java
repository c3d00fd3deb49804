package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the parameters, the skip flags, and the one place where engine
 * exceptions become Maven ones. Subclasses only call the engine and say what happened.
 */
public abstract class AbstractDkpMeshMojo extends AbstractMojo {

    private static final String PROJECT_BASEDIR = "${project.basedir}";

    /** The topology file to read. */
    @Parameter(property = PropertyNames.TOPOLOGY, defaultValue = "${project.basedir}/topology.yaml", required = true)
    private File topology;

    /** Root of the rendered tree: {@code clusters/<cluster>/...}, {@code gitops/...} and {@code .dkp-mesh/manifest.json}. */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.basedir}/rendered", required = true)
    private File outputDirectory;

    /** Where {@code validate} writes {@code report.json} and {@code report.sarif}. */
    @Parameter(
            property = PropertyNames.REPORT_DIRECTORY,
            defaultValue = "${project.build.directory}/dkp-mesh",
            required = true)
    private File reportDirectory;

    /**
     * Where render records what its last run saw (an input fingerprint, the manifest's sha256 and
     * the warnings), so that an unchanged re-render, check or diff proves the tree current without
     * rendering again. Local to the build; {@code mvn clean} removes it, and the next run renders in full.
     */
    @Parameter(defaultValue = "${project.build.directory}/dkp-mesh", readonly = true)
    private File stateDirectory;

    /** A folder of user templates that override the built-in ones by name. None by default. */
    @Parameter(property = PropertyNames.TEMPLATES)
    private File templates;

    /** Render only these clusters (comma-separated on the command line); the others are left untouched. All by default. */
    @Parameter(property = PropertyNames.CLUSTERS)
    private List<String> clusters;

    /**
     * A folder of your own Istio AuthorizationPolicies and PeerAuthentications (for example your app
     * repositories' manifests; a PeerAuthentication sets the mTLS mode of a namespace or workload),
     * one sub-folder per cluster ({@code <folder>/<cluster>/**.yaml}), that the access matrix
     * ({@code ACCESS.md}, {@code dkp-mesh:access}) combines with the rendered ones as istiod does. None
     * by default: the matrix then says that it does not include them. Every goal reads it, so that
     * {@code check} and {@code diff} compare the same {@code ACCESS.md} that {@code render} writes.
     */
    @Parameter(property = PropertyNames.POLICIES)
    private File policies;

    /**
     * A Git ref whose committed tree is the baseline of {@code diff} and {@code validate}, such as
     * {@code origin/main} in a pull request whose branch already holds the new tree; default: the
     * tree on disk. Read with the {@code git} command from the repository holding the output directory.
     */
    @Parameter(property = PropertyNames.BASELINE)
    private String baseline;

    /** Fail the build on warnings as well as on errors. */
    @Parameter(property = PropertyNames.FAIL_ON_WARNING, defaultValue = "false")
    private boolean failOnWarning;

    /**
     * Fail {@code diff} and {@code validate} when the change from the baseline holds a transition
     * ({@code DKPM8xx}): a change the running clusters cannot simply take. Off by default: they are
     * warnings, and {@code failOnWarning} fails on them too.
     */
    @Parameter(property = PropertyNames.FAIL_ON_TRANSITION, defaultValue = "false")
    private boolean failOnTransition;

    /** Skip every dkp-mesh goal. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    /**
     * The project folder, or the folder {@code mvn} runs in when there is no project: unlike
     * {@code ${project.basedir}}, Maven resolves {@code ${basedir}} in both cases.
     */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File basedir;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || isGoalSkipped()) {
            getLog().info("Skipping dkp-mesh:" + goal());
            return;
        }
        RenderRequest request = new RenderRequest(
                resolve(topology),
                resolve(outputDirectory),
                Optional.ofNullable(templates).map(this::resolve),
                clusterNames(),
                Optional.ofNullable(stateDirectory)
                        // an expression left unresolved (a test harness): no state rather than a folder named "${...}"
                        .filter(folder -> !folder.getPath().contains("${"))
                        .map(this::resolve),
                Optional.ofNullable(baseline).map(String::trim).filter(ref -> !ref.isEmpty()),
                Optional.ofNullable(policies).map(this::resolve));
        MavenEngineLog log = new MavenEngineLog(getLog());
        Commands commands = new Commands(
                new DkpMesh(log, MavenSuggestions.MAVEN),
                log,
                new Commands.Options(basedir.toPath(), reportDirectory(), failOnWarning, failOnTransition));
        try {
            run(commands, request);
        } catch (FindingsException e) {
            // the message carries every finding that fails the build; Maven prints it once
            throw badInput(commands, e);
        } catch (IOException e) {
            // a report or page the goal writes itself: the file system's refusal (a full disk, a
            // permission) is for the user to fix, so it is said plainly, never as a defect
            throw new MojoExecutionException("dkp-mesh:" + goal() + " could not write its output: " + e, e);
        } catch (RuntimeException e) {
            throw crash(e instanceof UncheckedIOException io ? io.getCause() : e);
        }
    }

    /** The goal's name, as in {@code dkp-mesh:<goal>}. */
    protected abstract String goal();

    /** The goal's own {@code dkpmesh.<goal>.skip} flag. */
    protected abstract boolean isGoalSkipped();

    /**
     * Runs the goal's command, which calls the engine and logs the outcome.
     *
     * @throws FindingsException when the input is wrong: becomes a {@link MojoFailureException}
     * @throws IOException       when a file the goal writes itself cannot be written
     */
    protected abstract void run(Commands commands, RenderRequest request) throws FindingsException, IOException;

    private Path reportDirectory() {
        return resolve(reportDirectory);
    }

    /**
     * Without a project ({@code requiresProject = false}) Maven leaves {@code ${project.basedir}}
     * in the defaults unresolved and prefixes the working folder; there it means that folder.
     */
    protected final Path resolve(File file) {
        String path = file.getPath();
        int at = path.indexOf(PROJECT_BASEDIR);
        if (at < 0) {
            return file.toPath();
        }
        return basedir.toPath()
                .resolve(path.substring(at + PROJECT_BASEDIR.length()).replaceFirst("^[/\\\\]+", ""));
    }

    private Set<String> clusterNames() {
        if (clusters == null) {
            return Set.of();
        }
        // -Ddkpmesh.clusters=msk,spb and <clusters><cluster>msk</cluster></clusters> both end here
        return clusters.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Bad input is not a bug: where in the plugin it was noticed helps nobody, so even {@code mvn -e}
     * (which CI templates often pass) shows the findings without a stack trace.
     */
    private MojoFailureException badInput(Commands commands, FindingsException e) {
        // Maven prints the failure on [ERROR] lines: only what fails the build goes there (errors,
        // and warnings under failOnWarning or when nothing else is wrong); the other warnings are
        // warning lines, which mvn -q silences
        if (getLog().isWarnEnabled()) {
            commands.warnedApart(e).forEach(f -> getLog().warn(f.format()));
        }
        MojoFailureException failure = new MojoFailureException(
                commands.failureMessage(e, " (the warnings as warning lines above, unless mvn -q)"));
        failure.setStackTrace(new StackTraceElement[0]);
        return failure;
    }

    private MojoExecutionException crash(Throwable cause) {
        return new MojoExecutionException(
                "dkp-mesh:" + goal() + " failed unexpectedly: " + cause
                        + "; please report it with the output of mvn -e",
                cause);
    }
}
