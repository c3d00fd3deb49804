package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.layout.Layout;

/**
 * Where a member's Cilium ClusterMesh Helm values live when no GitOps tool carries them:
 * {@code clusters/<cluster>/cilium/clustermesh-values.yaml}, a file to install the chart with.
 */
public final class CiliumValues {

    private static final String FOLDER = "cilium";
    private static final String FILE = "clustermesh-values.yaml";

    /** The group and kind the self-check validates these values as (bundled output schema). */
    public static final String API_VERSION = "dkp-mesh.io/v1alpha1";

    public static final String KIND = "CiliumClusterMeshValues";

    private CiliumValues() {}

    /** The values file of a cluster. */
    public static String path(String cluster) {
        return Layout.providerFile(cluster, FOLDER, FILE);
    }

    /** Whether a path is a cluster's values file ({@link #path}). */
    public static boolean isValues(String path) {
        return Layout.isProviderFile(path, FOLDER, FILE);
    }
}
