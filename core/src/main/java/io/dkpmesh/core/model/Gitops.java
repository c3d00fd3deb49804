package io.dkpmesh.core.model;

import java.util.Optional;

/** How the rendered trees reach the clusters. */
public record Gitops(
        String tool,
        Optional<String> repoURL,
        String revision,
        String path,
        String argocdNamespace,
        String argocdProject,
        String fluxNamespace,
        String fluxGitRepository) {

    public static final String NONE = "none";
    public static final String ARGOCD = "argocd";
    public static final String FLUX = "flux";
}
