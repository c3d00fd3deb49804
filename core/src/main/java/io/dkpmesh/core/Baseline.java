package io.dkpmesh.core;

import io.dkpmesh.core.access.AccessEvaluator;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.FleetObjects;
import io.dkpmesh.core.access.UserPolicies;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.change.Transitions;
import io.dkpmesh.core.change.TreeFacts;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.write.Manifest;
import io.dkpmesh.core.write.ObjectChanges;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tree a change is judged against (the tree on disk, or the one committed at the baseline
 * ref): its owned files, the manifest among them, and what {@code diff} and {@code validate} ask of
 * it beside the new render: who could call what in it and what the running clusters, rendered from
 * it, cannot simply take from the new render. Who could call what is computed from its objects
 * with the new topology's names and identities, so a change of objects, not of wording, is what
 * shows.
 */
final class Baseline {

    private final Map<String, byte[]> files;

    private Baseline(Map<String, byte[]> files) {
        this.files = files;
    }

    /** The owned files of {@code tree}, as its manifest lists them; none without a manifest. */
    static Baseline of(Path tree, Optional<Manifest> manifest) {
        Map<String, byte[]> files = new TreeMap<>();
        manifest.ifPresent(m -> {
            files.put(Layout.MANIFEST, ObjectChanges.read(tree.resolve(Layout.MANIFEST)));
            m.files().keySet().forEach(path -> files.put(path, ObjectChanges.read(tree.resolve(path))));
        });
        return new Baseline(files);
    }

    /** Whether the tree holds nothing rendered: a first render. */
    boolean isEmpty() {
        return files.isEmpty();
    }

    /** The files of a render by path. */
    static Map<String, byte[]> byPath(Rendered rendered) {
        Map<String, byte[]> files = new TreeMap<>();
        rendered.files().forEach(file -> files.put(file.path(), file.content()));
        return files;
    }

    /**
     * Who could call what in the baseline and who can after the change, over the same callers:
     * those the new topology names and those either tree's objects name (a caller that the change
     * removes from the topology still shows as cut off). The user's own policies, when a folder of
     * them is given, stand beside both trees' objects: they apply to the clusters before and after.
     *
     * @param now        the render's files by path ({@link #byPath})
     * @param unmodelled the providers whose objects the matrix does not read
     */
    List<AccessMatrix> access(Rendered rendered, Map<String, byte[]> now, UserPolicies user, Set<Provider> unmodelled) {
        SortedSet<String> named = FleetObjects.namedNamespaces(files);
        named.addAll(FleetObjects.namedNamespaces(now));
        return List.of(
                new AccessEvaluator(
                                rendered.topology(),
                                FleetObjects.read(clusterFiles(files)).with(user),
                                named,
                                unmodelled)
                        .matrix()
                        .including(user),
                new AccessEvaluator(
                                rendered.topology(),
                                FleetObjects.read(clusterFiles(now)).with(user),
                                named,
                                unmodelled)
                        .matrix()
                        .including(user));
    }

    /**
     * What the running clusters, rendered from the baseline, cannot simply take from the new
     * render: each provider's transition rules and the neutral ones ({@link Transitions}); none for
     * a first render, which is no transition.
     *
     * @param now       the render's files by path ({@link #byPath})
     * @param access    who could call what in the baseline and who can after the change ({@link #access})
     * @param positions where the topology's values are, for the findings
     */
    List<ChangePlan.Transition> transitions(
            Rendered rendered,
            Map<String, byte[]> now,
            List<AccessMatrix> access,
            SourceMap positions,
            List<MeshProvider> providers) {
        if (files.isEmpty()) {
            return List.of();
        }
        List<MeshChanges> changes =
                providers.stream().map(MeshProvider::changes).toList();
        return Transitions.between(
                TreeFacts.of(files, changes),
                TreeFacts.of(now, Optional.of(rendered.topology().name()), changes),
                admitted(access.get(0)),
                admitted(access.get(1)),
                rendered.topology(),
                positions,
                changes);
    }

    /** {@code caller -> target} for every admitted caller, without the deciding objects. */
    static SortedSet<String> admitted(AccessMatrix matrix) {
        SortedSet<String> edges = new TreeSet<>();
        for (AccessMatrix.TargetAccess access : matrix.targets()) {
            for (AccessMatrix.Decision decision : access.decisions()) {
                if (decision.admitted()) {
                    edges.add(decision.caller() + " -> " + access.target());
                }
            }
        }
        return edges;
    }

    /** The files the access matrix reads: the cluster trees and the delivery objects, which carry the Cilium values. */
    private static Map<String, byte[]> clusterFiles(Map<String, byte[]> files) {
        Map<String, byte[]> clusterFiles = new TreeMap<>();
        files.forEach((path, content) -> {
            if (Layout.inClusterTree(path) || !Layout.isState(path) && path.endsWith(".yaml")) {
                clusterFiles.put(path, content);
            }
        });
        return clusterFiles;
    }
}
