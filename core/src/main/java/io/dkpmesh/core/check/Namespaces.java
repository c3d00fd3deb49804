package io.dkpmesh.core.check;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.RenderedFile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The namespaces each cluster's rendered objects live in. They must exist before the objects
 * are applied: kubectl, Argo CD and Flux all refuse an object whose namespace is missing, and
 * none of them creates these. Argo CD's {@code CreateNamespace=true} creates only an
 * Application's destination namespace (argoproj/gitops-engine, pkg/sync/sync_context.go,
 * {@code autoCreateNamespace}), and one cluster's objects span several namespaces.
 */
public final class Namespaces {

    private Namespaces() {}

    /** Cluster name to the namespaces its objects (and the Services its patches change) live in. */
    public static SortedMap<String, SortedSet<String>> needed(List<RenderedFile> files) {
        return needed(files, Map.of());
    }

    /**
     * As {@link #needed(List)}, reading the documents already loaded from exactly these content
     * arrays (keyed by identity, as the renderer parsed them) instead of parsing them again.
     */
    static SortedMap<String, SortedSet<String>> needed(List<RenderedFile> files, Map<byte[], LoadedDocument> parsed) {
        SortedMap<String, SortedSet<String>> byCluster = new TreeMap<>();
        for (RenderedFile file : files) {
            // cluster-scoped objects (ModuleConfig, IstioFederation, ...) have no namespace line: not parsed at all
            // only the cluster trees the tool applies; its own objects (gitops/...) sit in its own namespace
            if (!Layout.inClusterTree(file.path())
                    || !file.path().endsWith(".yaml")
                    || !file.text().contains("\n  namespace:")) {
                continue;
            }
            LoadedDocument document = parsed.get(file.content());
            (document != null ? document : YamlLoader.load(file.path(), file.content()))
                    .root()
                    .map(root -> root.path("metadata").path("namespace").asString(""))
                    .filter(namespace -> !namespace.isEmpty())
                    .ifPresent(namespace -> byCluster
                            .computeIfAbsent(file.cluster().orElseThrow(), c -> new TreeSet<>())
                            .add(namespace));
        }
        return byCluster;
    }

    /**
     * A GitOps tool applies each cluster's objects into namespaces it does not create; unless the
     * topology says they exist, each cluster in {@code clusters} (all, when empty) gets a warning
     * naming the namespaces it needs.
     */
    public static void warn(
            Topology topology,
            List<RenderedFile> files,
            Map<byte[], LoadedDocument> parsed,
            Set<String> clusters,
            Findings findings) {
        if (!topology.gitops().delivers() || topology.gitops().namespacesExist()) {
            return;
        }
        Delivery delivery = topology.gitops().delivery();
        String argocdNote = delivery instanceof Delivery.ArgoCd
                ? " (CreateNamespace=true covers only an Application's destination namespace)"
                : "";
        needed(files, parsed)
                .forEach((name, namespaces) -> topology.cluster(name)
                        .filter(cluster -> clusters.isEmpty() || clusters.contains(name))
                        .ifPresent(cluster -> findings.warning(
                                FindingCode.NAMESPACES_NEEDED,
                                cluster.pointer() + "/name",
                                "cluster "
                                        + Text.quote(name) + " gets objects in namespace"
                                        + (namespaces.size() == 1 ? " " : "s ")
                                        + String.join(", ", namespaces) + ", which " + delivery.label()
                                        + " does not create" + argocdNote
                                        + "; the sync fails while one is missing: create them in that cluster, then set"
                                        + " spec.gitops.namespacesExist: true")));
    }
}
