package io.dkpmesh.core.model;

import java.util.Optional;

/**
 * How the rendered trees reach the clusters.
 *
 * @param ciliumChartVersion  Cilium chart version the GitOps tool installs the ClusterMesh values with; required with a
 *                            cilium mesh and tool argocd or flux (a CNI chart must never float)
 * @param ciliumChartRepoURL  Helm repository Argo CD pulls the Cilium chart from
 * @param ciliumHelmRepository name of the Flux HelmRepository (in {@code fluxNamespace}) serving the Cilium chart
 * @param namespacesExist     the topology says the namespaces of the rendered objects exist in the clusters
 */
public record Gitops(
        String tool,
        Optional<String> repoURL,
        String revision,
        String path,
        String argocdNamespace,
        String argocdProject,
        String fluxNamespace,
        String fluxGitRepository,
        Optional<String> ciliumChartVersion,
        String ciliumChartRepoURL,
        String ciliumHelmRepository,
        boolean namespacesExist) {

    public static final String NONE = "none";
    public static final String ARGOCD = "argocd";
    public static final String FLUX = "flux";
    public static final String POINTER = "/spec/gitops";

    public boolean delivers() {
        return !tool.equals(NONE);
    }
}
