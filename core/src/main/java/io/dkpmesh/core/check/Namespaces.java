package io.dkpmesh.core.check;

import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.render.RenderedFile;
import java.util.List;
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
        SortedMap<String, SortedSet<String>> byCluster = new TreeMap<>();
        for (RenderedFile file : files) {
            // cluster-scoped objects (ModuleConfig, IstioFederation, ...) have no namespace line: not parsed at all
            // only the cluster trees the tool applies; its own objects (gitops/...) sit in its own namespace
            if (file.cluster().isEmpty()
                    || !file.path().startsWith("clusters/")
                    || !file.path().endsWith(".yaml")
                    || !file.text().contains("\n  namespace:")) {
                continue;
            }
            YamlLoader.load(file.path(), file.content())
                    .root()
                    .map(root -> root.path("metadata").path("namespace").asString(""))
                    .filter(namespace -> !namespace.isEmpty())
                    .ifPresent(namespace -> byCluster
                            .computeIfAbsent(file.cluster().get(), c -> new TreeSet<>())
                            .add(namespace));
        }
        return byCluster;
    }
}
