package io.dkpmesh.core.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a goal asks of the engine, in plain JDK types.
 *
 * @param topology        the topology file
 * @param outputDirectory root of the rendered tree
 * @param templates       a folder whose templates override the built-in ones by name
 * @param clusters        render only these clusters; empty means all
 * @param stateDirectory  a folder of the build's own (the front end's build output, never committed) where render
 *                        records what its last run saw, so that a run whose inputs and tree did not
 *                        change need not render again; none: every run renders in full
 * @param baseline        a Git ref whose committed output tree {@code diff} and {@code validate} judge
 *                        the change against (a pull request's target branch, when the working tree
 *                        already holds the new state); none: the tree on disk
 * @param userPolicies    a folder of the user's own AuthorizationPolicies, one sub-folder per cluster,
 *                        that the access matrix combines with the rendered ones as istiod does; none:
 *                        the matrix says that it does not include them
 */
public record RenderRequest(
        Path topology,
        Path outputDirectory,
        Optional<Path> templates,
        Set<String> clusters,
        Optional<Path> stateDirectory,
        Optional<String> baseline,
        Optional<Path> userPolicies) {

    public RenderRequest {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        templates = templates == null ? Optional.empty() : templates;
        clusters = clusters == null ? Set.of() : Set.copyOf(clusters);
        stateDirectory = stateDirectory == null ? Optional.empty() : stateDirectory;
        baseline = baseline == null ? Optional.empty() : baseline;
        userPolicies = userPolicies == null ? Optional.empty() : userPolicies;
    }

    /** A request without a folder of the user's own policies. */
    public RenderRequest(
            Path topology,
            Path outputDirectory,
            Optional<Path> templates,
            Set<String> clusters,
            Optional<Path> stateDirectory,
            Optional<String> baseline) {
        this(topology, outputDirectory, templates, clusters, stateDirectory, baseline, Optional.empty());
    }

    /** A request judged against the tree on disk. */
    public RenderRequest(
            Path topology,
            Path outputDirectory,
            Optional<Path> templates,
            Set<String> clusters,
            Optional<Path> stateDirectory) {
        this(topology, outputDirectory, templates, clusters, stateDirectory, Optional.empty());
    }

    /** A request with no state directory: every run renders in full. */
    public RenderRequest(Path topology, Path outputDirectory, Optional<Path> templates, Set<String> clusters) {
        this(topology, outputDirectory, templates, clusters, Optional.empty());
    }

    /** How findings name the topology: relative to the working directory when it lies below it. */
    public String topologyName() {
        Path absolute = topology.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return (absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
    }

    public static RenderRequest of(Path topology, Path outputDirectory) {
        return new RenderRequest(topology, outputDirectory, Optional.empty(), Set.of());
    }

    /** This request, recording and reusing render state in {@code directory}. */
    public RenderRequest withStateDirectory(Path directory) {
        return new RenderRequest(
                topology, outputDirectory, templates, clusters, Optional.of(directory), baseline, userPolicies);
    }

    /** This request, judging the change against the output tree committed at the Git ref {@code ref}. */
    public RenderRequest withBaseline(String ref) {
        return new RenderRequest(
                topology, outputDirectory, templates, clusters, stateDirectory, Optional.of(ref), userPolicies);
    }

    /** This request, with the user's own AuthorizationPolicies of {@code folder} in the access matrix. */
    public RenderRequest withUserPolicies(Path folder) {
        return new RenderRequest(
                topology, outputDirectory, templates, clusters, stateDirectory, baseline, Optional.of(folder));
    }
}
