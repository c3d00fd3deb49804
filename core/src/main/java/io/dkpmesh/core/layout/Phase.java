package io.dkpmesh.core.layout;

/**
 * When a cluster's objects are applied, relative to each other. Each phase has its own folder in
 * the cluster's tree, so a GitOps tool can apply one after the other (Flux: a Kustomization per
 * phase with dependsOn; Argo CD: sync waves), and {@code kubectl apply -k} keeps their order.
 */
public enum Phase {
    /** ModuleConfigs: DKP refuses peer objects until the module setting is on. */
    MODULES("modules"),
    /** Everything the module settings enable: peers, traffic and access objects. */
    PEERS("mesh");

    private final String folder;

    Phase(String folder) {
        this.folder = folder;
    }

    /** The phase's folder name below the cluster root. */
    public String folder() {
        return folder;
    }
}
