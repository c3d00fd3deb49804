package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts objects cannot tell, from the clusters file: a topology (its {@code spec.clusters}, and
 * the names no object carries: {@code metadata.name}, each mesh's {@code name} matched by provider,
 * type and members, {@code spec.gitops} and {@code spec.policies}), or a document with a
 * {@code clusters:} list. Nothing else of it is read: meshes' contents come from the objects.
 */
public final class ClusterFacts {

    private final Map<String, Map<String, Object>> clusters;
    private final List<Map<String, Object>> meshes;
    private final Optional<String> name;
    private final Optional<Object> gitops;
    private final Optional<Object> policies;

    private ClusterFacts(
            Map<String, Map<String, Object>> clusters,
            List<Map<String, Object>> meshes,
            Optional<String> name,
            Optional<Object> gitops,
            Optional<Object> policies) {
        this.clusters = clusters;
        this.meshes = meshes;
        this.name = name;
        this.gitops = gitops;
        this.policies = policies;
    }

    static ClusterFacts none() {
        return new ClusterFacts(Map.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ClusterFacts read(Path file, List<Finding> findings) {
        String shown = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            findings.add(new Finding(
                    FindingCode.IMPORT_CLUSTERS_FILE.code(), Severity.ERROR, shown, 0, 0, "", "cannot be read: " + e));
            return none();
        }
        LoadedDocument loaded = YamlLoader.loadTopology(shown, bytes);
        loaded.findings().forEach(f -> findings.add(f.under(FindingCode.IMPORT_CLUSTERS_FILE)));
        if (loaded.root().isEmpty() || !loaded.findings().isEmpty()) {
            return none();
        }
        Object root = Tree.plain(loaded.root().get());
        Object spec = Tree.get(root, "spec") instanceof Map<?, ?> ? Tree.get(root, "spec") : root;
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        for (Object c : Tree.list(spec, "clusters")) {
            Optional<String> n = Tree.string(c, "name");
            if (n.isEmpty() || clusters.containsKey(n.get())) {
                findings.add(new Finding(
                        FindingCode.IMPORT_CLUSTERS_FILE.code(),
                        Severity.ERROR,
                        shown,
                        0,
                        0,
                        "/spec/clusters",
                        "a cluster without a name, or a name given twice; every entry needs its own name"));
                return none();
            }
            clusters.put(n.get(), new LinkedHashMap<>(Tree.map(c)));
        }
        if (clusters.isEmpty()) {
            findings.add(new Finding(
                    FindingCode.IMPORT_CLUSTERS_FILE.code(),
                    Severity.ERROR,
                    shown,
                    0,
                    0,
                    "",
                    "holds no clusters: list; give a topology, or a document with a clusters: list"));
            return none();
        }
        List<Map<String, Object>> meshes = new ArrayList<>();
        for (Object m : Tree.list(spec, "meshes")) {
            Map<String, Object> names = new LinkedHashMap<>();
            for (String key : List.of("name", "type", "provider", "clusters")) {
                names.put(key, Tree.get(m, key));
            }
            meshes.add(names);
        }
        return new ClusterFacts(
                clusters,
                meshes,
                Tree.string(root, "metadata", "name"),
                Optional.ofNullable(Tree.get(spec, "gitops")),
                Optional.ofNullable(Tree.get(spec, "policies")));
    }

    List<String> names() {
        return List.copyOf(clusters.keySet());
    }

    Map<String, Object> of(String cluster) {
        return clusters.getOrDefault(cluster, Map.of());
    }

    /** The names of the clusters file's meshes with their type, provider and members; nothing more. */
    List<Map<String, Object>> meshes() {
        return meshes;
    }

    Optional<String> name() {
        return name;
    }

    Optional<Object> gitops() {
        return gitops;
    }

    Optional<Object> policies() {
        return policies;
    }

    /** The metadata endpoint a cluster's facts give, explicitly or from its publicDomain. */
    public static Optional<String> endpoint(Map<String, Object> cluster) {
        return Tree.string(cluster, "metadataEndpoint")
                .or(() -> Tree.string(cluster, "publicDomain").map(d -> "https://istio-metadata." + d + "/metadata/"));
    }
}
