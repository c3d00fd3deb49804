package io.dkpmesh.core.model;

import java.util.Optional;

/**
 * The GitOps tool that delivers the rendered trees, with the settings only that tool has
 * ({@code spec.gitops}). Sealed: a new tool does not compile until every switch over the tools,
 * the planners' first, says what it does with it.
 */
public sealed interface Delivery {

    /** The tool as {@code spec.gitops.tool} names it, and its folder under {@code gitops/}. */
    String tool();

    /** The tool as messages name it. */
    String label();

    /** Calls the case of this tool: exhaustive, so a new tool fails to compile wherever it is not handled. */
    <R> R match(Cases<R> cases);

    /** What to do for each tool. */
    interface Cases<R> {
        R none(None none);

        R argoCd(ArgoCd argoCd);

        R flux(Flux flux);
    }

    /** The Cilium chart version the tool installs ClusterMesh values with; never floating when set. */
    default Optional<String> ciliumChartVersion() {
        return Optional.empty();
    }

    /** No tool: the trees are applied with {@code kubectl apply -k}, the Cilium values installed with Helm by hand. */
    record None() implements Delivery {
        @Override
        public String tool() {
            return "none";
        }

        @Override
        public String label() {
            return "no GitOps tool";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.none(this);
        }
    }

    /**
     * Argo CD, outside the clusters: one ApplicationSet generates an Application per cluster tree.
     *
     * @param repoURL            the Git repository Argo CD reads the trees from
     * @param revision           the revision it reads
     * @param path               the output directory's path inside the repository
     * @param namespace          Argo CD's namespace, where its objects go
     * @param project            the AppProject of the Applications
     * @param ciliumChartRepoURL the Helm repository Argo CD pulls the Cilium chart from
     */
    record ArgoCd(
            Optional<String> repoURL,
            String revision,
            String path,
            String namespace,
            String project,
            Optional<String> ciliumChartVersion,
            String ciliumChartRepoURL)
            implements Delivery {
        @Override
        public String tool() {
            return "argocd";
        }

        @Override
        public String label() {
            return "Argo CD";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.argoCd(this);
        }
    }

    /**
     * Flux, in each cluster: Kustomizations per phase folder of the cluster's tree, from the
     * GitRepository Flux was bootstrapped with.
     *
     * @param path                 the output directory's path inside the repository
     * @param namespace            Flux's namespace, where its objects go
     * @param gitRepository        the GitRepository (in {@code namespace}) serving the trees
     * @param ciliumHelmRepository the HelmRepository (in {@code namespace}) serving the Cilium chart
     */
    record Flux(
            String path,
            String namespace,
            String gitRepository,
            Optional<String> ciliumChartVersion,
            String ciliumHelmRepository)
            implements Delivery {
        @Override
        public String tool() {
            return "flux";
        }

        @Override
        public String label() {
            return "Flux";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.flux(this);
        }
    }
}
