package io.dkpmesh.core.access;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.Renderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The access steps of the pipeline: read the rendered files back ({@link #readBack}), compute who
 * can call what in them and write {@code ACCESS.md} ({@link #access}), and, after the self-check,
 * compare that with what the topology asks ({@link #check}).
 */
public final class AccessStep {

    private AccessStep() {}

    /**
     * The rendered files, parsed once.
     *
     * @param byPath    the parsed documents by path, for the access matrix
     * @param byContent the same, keyed by their content array (identity): the self-check reuses them
     *                  instead of parsing the same bytes again
     */
    public record ReadBack(Map<String, LoadedDocument> byPath, Map<byte[], LoadedDocument> byContent) {}

    /**
     * What the access step produced.
     *
     * @param files     the files in path order, {@code ACCESS.md} included
     * @param access    who can call what in those files; checked against the topology only after the
     *                  self-check, so that a finding about an invalid object is not hidden behind the
     *                  access it fails to grant
     * @param ownAccess who can call what by the rendered objects alone, what the topology is checked
     *                  against (the user's own policies are theirs to decide); {@code access} itself
     *                  when no folder of them was given
     */
    public record Access(List<RenderedFile> files, AccessMatrix access, AccessMatrix ownAccess) {}

    /** The read-back step: the rendered files parsed once, for the matrix and the self-check. */
    public static ReadBack readBack(List<RenderedFile> files) {
        Map<String, byte[]> byPath = new LinkedHashMap<>();
        files.forEach(file -> byPath.put(file.path(), file.content()));
        Map<String, LoadedDocument> documents = FleetObjects.parse(byPath);
        Map<byte[], LoadedDocument> byContent = new IdentityHashMap<>();
        files.forEach(file -> {
            LoadedDocument document = documents.get(file.path());
            if (document != null) {
                byContent.put(file.content(), document);
            }
        });
        return new ReadBack(documents, Collections.unmodifiableMap(byContent));
    }

    /**
     * The access step: who can call what in the rendered objects (with the user's own policies), and
     * {@code ACCESS.md} among the files.
     *
     * @param sourceName how the header names the topology file
     * @param user       the user's own AuthorizationPolicies, which {@code ACCESS.md} includes beside
     *                   the rendered ones
     * @param unmodelled the providers whose objects the matrix does not model (see
     *                   {@code MeshProvider.modelsAccess()}): their meshes' members get unknown verdicts
     */
    public static Access access(
            Topology topology,
            List<RenderedFile> files,
            ReadBack read,
            UserPolicies user,
            String sourceName,
            Set<Provider> unmodelled) {
        FleetObjects objects = FleetObjects.of(read.byPath());
        AccessMatrix own = new AccessEvaluator(topology, objects, Set.of(), unmodelled).matrix();
        AccessMatrix matrix = user.count() == 0
                ? own.including(user)
                : new AccessEvaluator(topology, objects.with(user), Set.of(), unmodelled)
                        .matrix()
                        .including(user);
        List<RenderedFile> all = new ArrayList<>(files);
        all.add(new RenderedFile(
                Layout.ACCESS_PAGE,
                Optional.empty(),
                (Renderer.header(".md", topology.name(), sourceName) + AccessReport.markdown(matrix))
                        .getBytes(StandardCharsets.UTF_8)));
        all.sort((a, b) -> a.path().compareTo(b.path()));
        return new Access(List.copyOf(all), matrix, own);
    }

    /** The access-check step: a DKPM540 error wherever the matrix differs from what the topology asks. */
    public static void check(Topology topology, AccessMatrix matrix, Findings findings, Set<Provider> unmodelled) {
        new AccessIntent(topology, unmodelled).check(matrix, findings);
    }

    /** The user's own AuthorizationPolicies of the request's folder, with findings for what cannot be read. */
    public static UserPolicies userPolicies(RenderRequest request, Topology topology, Findings findings) {
        if (request.userPolicies().isEmpty()) {
            return UserPolicies.NONE;
        }
        List<Finding> found = new ArrayList<>();
        UserPolicies user = UserPolicies.read(
                request.userPolicies().get(),
                shown(request.userPolicies().get()),
                topology.clusters().stream().map(Cluster::name).collect(Collectors.toSet()),
                found);
        findings.addAll(found);
        return user;
    }

    /** How findings name a path: relative to the working directory when it lies below it. */
    private static String shown(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return (absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute)
                .toString()
                .replace('\\', '/');
    }
}
