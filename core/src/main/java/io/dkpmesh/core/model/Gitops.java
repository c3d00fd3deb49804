package io.dkpmesh.core.model;

/**
 * How the rendered trees reach the clusters ({@code spec.gitops}).
 *
 * @param delivery        the tool, with its own settings
 * @param namespacesExist the topology says the namespaces of the rendered objects exist in the clusters
 */
public record Gitops(Delivery delivery, boolean namespacesExist) {

    public static final String POINTER = "/spec/gitops";

    /** Whether a GitOps tool delivers the trees. */
    public boolean delivers() {
        return !(delivery instanceof Delivery.None);
    }
}
