package io.dkpmesh.core.layout;

import java.util.Optional;

/**
 * The shape of the output tree (PRODUCT.md §5), and the only place that spells its paths. Every
 * path is relative to the output directory and uses {@code /}.
 *
 * <pre>
 * TOPOLOGY.md, ACCESS.md                    fleet-wide pages
 * clusters/&lt;cluster&gt;/kustomization.yaml     the cluster root: lists its phase folders in apply order
 * clusters/&lt;cluster&gt;/&lt;phase&gt;/...             one folder per {@link Phase}
 * clusters/&lt;cluster&gt;/components/&lt;name&gt;/... Kustomize Components the cluster's own trees include
 * clusters/&lt;cluster&gt;/&lt;provider&gt;/...          a mesh provider's own files ({@link #providerFile}), such as Helm values
 * gitops/&lt;tool&gt;/...                         a delivery tool's fleet-wide objects
 * gitops/&lt;tool&gt;/&lt;cluster&gt;/...               a delivery tool's objects for one cluster
 * .dkp-mesh/                                the generator's own state: manifest (committed); lock,
 *                                           write transaction and a .gitignore that keeps those two
 *                                           out of Git (local to one checkout, never committed)
 * </pre>
 *
 * Which cluster owns a path is read off the path alone ({@link #owner}): a folder under a
 * delivery tool's folder is a cluster's, whatever the tool, so a new per-cluster delivery folder
 * is per-cluster for partial renders and {@code diff} without further edits.
 */
public final class Layout {

    private static final String CLUSTERS = "clusters/";
    private static final String DELIVERY = "gitops/";
    private static final String COMPONENTS = "components/";
    private static final String STATE = ".dkp-mesh/";

    /** The file name Kustomize looks for in a folder. */
    public static final String KUSTOMIZATION = "kustomization.yaml";
    /** The diagram and mesh table at the root of the tree. */
    public static final String TOPOLOGY_PAGE = "TOPOLOGY.md";
    /** Who can call what, at the root of the tree beside {@link #TOPOLOGY_PAGE}. */
    public static final String ACCESS_PAGE = "ACCESS.md";
    /** What the generator owns and wrote: paths and their sha256. */
    public static final String MANIFEST = STATE + "manifest.json";
    /** A write in progress: its journal, the staged new files, and the old ones set aside. */
    public static final String TRANSACTION = STATE + "tx";
    /** The folder of the generator's own state, without the trailing {@code /}. */
    public static final String STATE_FOLDER = ".dkp-mesh";
    /** The file a render holds an OS lock on while it writes: one render at a time per tree. */
    public static final String LOCK = STATE + "lock";
    /** Keeps {@link #LOCK} and {@link #TRANSACTION} out of Git: they belong to one checkout. */
    public static final String STATE_GITIGNORE = STATE + ".gitignore";

    private Layout() {}

    /** {@code clusters/<cluster>/}: the tree a cluster's GitOps application or {@code kubectl apply -k} reads. */
    public static String clusterRoot(String cluster) {
        return CLUSTERS + cluster + "/";
    }

    /** {@code clusters/<cluster>/<phase>/}. */
    public static String phaseFolder(String cluster, Phase phase) {
        return clusterRoot(cluster) + phase.folder() + "/";
    }

    /**
     * The Component of a cluster's Istio federation export labels. No cluster tree includes it: the
     * Services belong to the applications' own manifests, whose kustomizations include it.
     */
    public static final String SERVICE_EXPORTS = "service-exports";

    /** {@code clusters/<cluster>/components/<component>/}: a Kustomize Component of the cluster. */
    public static String component(String cluster, String component) {
        return clusterRoot(cluster) + componentWithinCluster(component);
    }

    /** {@code components/<component>/}: where {@link #component} lies {@link #withinCluster within} its cluster's tree. */
    public static String componentWithinCluster(String component) {
        return COMPONENTS + component + "/";
    }

    /**
     * {@code clusters/<cluster>/<provider>/<file>}: a file a mesh provider renders for a cluster outside
     * its phase folders (Cilium: its Helm values, when no GitOps tool carries them).
     */
    public static String providerFile(String cluster, String provider, String file) {
        return clusterRoot(cluster) + provider + "/" + file;
    }

    /** The kustomization of a folder (a path ending in {@code /}). */
    public static String kustomization(String folder) {
        return folder + KUSTOMIZATION;
    }

    /** {@code gitops/<tool>/}: a delivery tool's fleet-wide folder. */
    public static String deliveryFolder(String tool) {
        return DELIVERY + tool + "/";
    }

    /** {@code gitops/<tool>/<cluster>/}: a delivery tool's folder for one cluster, owned by that cluster. */
    public static String clusterDeliveryFolder(String tool, String cluster) {
        return deliveryFolder(tool) + cluster + "/";
    }

    /**
     * A folder as a GitOps tool names it in the repository: below {@code base} (the tree's path in
     * the repository), without the trailing {@code /}.
     */
    public static String inRepository(String base, String folder) {
        return base + "/" + folder.substring(0, folder.length() - 1);
    }

    /**
     * The cluster whose tree holds a path: {@code clusters/<c>/...} or {@code gitops/<tool>/<c>/...};
     * empty for fleet-wide files. Whether that cluster still exists is the caller's question.
     */
    public static Optional<String> owner(String path) {
        int start = clusterSegment(path);
        return start < 0 ? Optional.empty() : Optional.of(path.substring(start, path.indexOf('/', start)));
    }

    /** The path below its owning cluster's folder ({@code mesh/x.yaml}); fleet-wide paths unchanged. */
    public static String withinCluster(String path) {
        int start = clusterSegment(path);
        return start < 0 ? path : path.substring(path.indexOf('/', start) + 1);
    }

    /** Whether a path lies in a cluster's tree ({@code clusters/<c>/...}), which the cluster applies. */
    public static boolean inClusterTree(String path) {
        return path.startsWith(CLUSTERS) && path.indexOf('/', CLUSTERS.length()) > CLUSTERS.length();
    }

    /** Whether a path is a cluster's file {@code file} of {@code provider} ({@link #providerFile}). */
    public static boolean isProviderFile(String path, String provider, String file) {
        return inClusterTree(path) && withinCluster(path).equals(provider + "/" + file);
    }

    /** Whether a path is the generator's own state, never a rendered file. */
    public static boolean isState(String path) {
        return path.startsWith(STATE);
    }

    /** Where the cluster segment of a per-cluster path starts, or -1 for fleet-wide paths. */
    private static int clusterSegment(String path) {
        int start;
        if (path.startsWith(CLUSTERS)) {
            start = CLUSTERS.length();
        } else if (path.startsWith(DELIVERY)) {
            int tool = path.indexOf('/', DELIVERY.length());
            if (tool < 0) {
                return -1;
            }
            start = tool + 1;
        } else {
            return -1;
        }
        int end = path.indexOf('/', start);
        return end > start ? start : -1;
    }
}
