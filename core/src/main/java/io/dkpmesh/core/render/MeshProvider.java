package io.dkpmesh.core.render;

import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.validate.MeshFacts;
import io.dkpmesh.core.validate.Rule;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the plan step asks of a mesh provider (docs/architecture.md, "Adding a provider"). Each
 * provider lives in a package of its own under {@code io.dkpmesh.core.provider} and is named once
 * in the registry, {@code provider.Providers}: the planners and the delivery planners know no
 * provider by name.
 */
public interface MeshProvider {

    /** Which meshes of the topology it implements ({@code provider:} in the topology). */
    Provider provider();

    /**
     * The validation rules of its meshes, each at the point of the validator's sequence where it
     * runs ({@link Rule.Point}); the registry's order decides between providers at one point.
     */
    default List<Rule.At> validationRules() {
        return List.of();
    }

    /**
     * Whether the access matrix models how this provider's rendered objects route a caller's packets
     * between members and which callers its policies admit (the {@code access} package reads them).
     * A provider that answers false gets, in its meshes' members, unknown verdicts that say why,
     * and no access check (DKPM540) there: nothing the matrix computes holds for its objects until
     * the {@code access} package reads them (docs/architecture.md, "Adding a provider").
     */
    default boolean modelsAccess() {
        return false;
    }

    /**
     * How the topology diagram draws its meshes: an edge for its federations and one for its
     * multiclusters, different from every other provider's.
     */
    MeshStyle graphStyle();

    /**
     * The custom kinds its templates render, in the order the delivery lists their CRDs (Flux
     * health checks); the delivery waits for those installed later ({@link CustomResource#installedLater()}).
     */
    default List<CustomResource> customResources() {
        return List.of();
    }

    /**
     * What {@code diff} reads of its objects in a rendered tree and which changes of them a running
     * cluster cannot simply take; {@link MeshChanges#NONE} for nothing.
     */
    default MeshChanges changes() {
        return MeshChanges.NONE;
    }

    /**
     * Its answers to the validator's own rules about its meshes ({@link MeshFacts}: for example
     * whether a mesh of a type needs DKP's alliance editions). Abstract, as the switch expressions
     * over {@code Provider} it replaces were exhaustive: a new provider does not compile until it
     * answers.
     */
    MeshFacts meshFacts();

    /** Its planners, in the order they run; each plans the objects of this provider's meshes only. */
    List<Planner> planners();

    /**
     * What it adds to the Argo CD delivery of one member (Cilium: an Application of its chart), in
     * {@code folder}; returns the files it added there, for the folder's kustomization.
     */
    default List<String> argoCd(Plan plan, Delivery.ArgoCd argocd, String folder, Cluster cluster) {
        return List.of();
    }

    /**
     * What it adds to the Flux delivery of one member, in the member's delivery folder {@code dir}:
     * appends the files it added there to {@code resources} and returns the Kustomizations the mesh
     * phase must wait for.
     */
    default List<String> flux(Plan plan, Delivery.Flux flux, String dir, Cluster cluster, List<String> resources) {
        return List.of();
    }

    /**
     * Helm values a provider renders: as a file of their own (no apiVersion or kind: its place in the
     * tree says what it is) or inside the GitOps objects that install its chart. The self-check
     * validates them against the bundled output schema of {@code apiVersion} and {@code kind}.
     *
     * @param label  how findings name them ("Cilium values")
     * @param isFile whether a path is such a file
     */
    record HelmValues(String apiVersion, String kind, String label, Predicate<String> isFile) {}

    /** The Helm values it renders, for the self-check; empty for none. */
    default Optional<HelmValues> helmValues() {
        return Optional.empty();
    }
}
