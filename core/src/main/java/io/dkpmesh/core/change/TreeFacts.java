package io.dkpmesh.core.change;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.write.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What the running clusters were told by one rendered tree, read back from its files alone (no
 * topology): the facts a change of which a running cluster cannot simply take. The same reading
 * serves the baseline (the tree on disk, or at a Git ref) and the new render, so a transition is
 * a difference of facts, whatever template produced them.
 *
 * @param topology the topology the tree was rendered from (its manifest), when known
 * @param clusters the clusters that have a tree ({@code clusters/<c>/})
 * @param meshes   what each provider's objects say (its {@link MeshChanges#reader()}), in the order of
 *                 the providers the tree was read with
 * @param exports  each cluster's exported services ({@code namespace/service}), from the Service
 *                 patches the providers name ({@link MeshChanges.Reader#exportFolder}: Istio's
 *                 {@code service-exports} Component, the shared Services of a Cilium federation's
 *                 exporter)
 * @param delivery the GitOps tool's objects, when the tree has any
 */
public record TreeFacts(
        Optional<String> topology,
        SortedSet<String> clusters,
        List<MeshChanges.Facts> meshes,
        SortedMap<String, SortedSet<String>> exports,
        Optional<Delivery> delivery) {

    /**
     * The GitOps tool's objects.
     *
     * @param tool    {@code argocd} or {@code flux}
     * @param names   the names of the objects that own the clusters' objects (Applications, their
     *                ApplicationSet's name template, Flux Kustomizations and HelmReleases)
     * @param sources where they read the trees from: repository and path, one line each
     * @param helmReleases the folder of each Flux HelmRelease (which Kustomization applies it), by
     *                     {@code <name> in <cluster>}
     */
    public record Delivery(
            String tool, SortedSet<String> names, SortedSet<String> sources, SortedMap<String, String> helmReleases) {}

    /** The clusters the tree puts in a mesh, of any provider. */
    public SortedSet<String> members() {
        SortedSet<String> members = new TreeSet<>();
        meshes.forEach(mesh -> members.addAll(mesh.members()));
        return members;
    }

    /** The peers each cluster's own objects name, of every provider ({@link MeshChanges.Facts#namedPeers()}). */
    public SortedMap<String, SortedSet<String>> namedPeers() {
        SortedMap<String, SortedSet<String>> peers = new TreeMap<>();
        meshes.forEach(mesh -> mesh.namedPeers()
                .forEach((cluster, named) ->
                        peers.computeIfAbsent(cluster, c -> new TreeSet<>()).addAll(named)));
        return peers;
    }

    /**
     * The facts of the files of a tree, by path (the manifest among them, if it has one), as these
     * providers read them.
     */
    public static TreeFacts of(Map<String, byte[]> files, List<MeshChanges> providers) {
        Optional<String> topology = Optional.ofNullable(files.get(Layout.MANIFEST))
                .flatMap(Manifest::parse)
                .map(Manifest::topology);
        return of(files, topology, providers);
    }

    /** The facts of the files of a tree rendered from the topology named {@code topology}. */
    public static TreeFacts of(Map<String, byte[]> files, Optional<String> topology, List<MeshChanges> providers) {
        List<MeshChanges.Reader> readers =
                providers.stream().map(MeshChanges::reader).toList();
        SortedSet<String> clusters = new TreeSet<>();
        SortedMap<String, SortedSet<String>> exports = new TreeMap<>();
        String tool = null;
        SortedSet<String> names = new TreeSet<>();
        SortedSet<String> sources = new TreeSet<>();
        SortedMap<String, String> helmReleases = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            if (Layout.inClusterTree(path)) {
                Layout.owner(path).ifPresent(clusters::add);
                String within = Layout.withinCluster(path);
                if (within.endsWith(".yaml") && !within.endsWith(Layout.KUSTOMIZATION)) {
                    Optional<String> folder = readers.stream()
                            .flatMap(reader -> reader.exportFolder(within, file.getValue()).stream())
                            .findFirst();
                    if (folder.isPresent()) {
                        // service.<namespace>.<service>.yaml: names are DNS labels, without dots
                        String[] parts = within.substring(folder.get().length()).split("\\.");
                        if (parts.length == 4) {
                            exports.computeIfAbsent(Layout.owner(path).orElseThrow(), c -> new TreeSet<>())
                                    .add(parts[1] + "/" + parts[2]);
                        }
                    }
                }
            }
            if (!path.endsWith(".yaml")) {
                continue;
            }
            String content = new String(file.getValue(), StandardCharsets.UTF_8);
            if (!delivery(content) && readers.stream().noneMatch(reader -> reader.reads(path, content))) {
                continue;
            }
            LoadedDocument document = YamlLoader.load(path, file.getValue());
            JsonNode root = document.root().orElse(null);
            if (root == null || !root.isObject()) {
                continue;
            }
            String kind = text(root, "kind");
            String owner = Layout.owner(path).orElse("");
            switch (kind) {
                case "HelmRelease" -> {
                    tool = "flux";
                    String name = text(root.path("metadata"), "name") + " in " + owner;
                    names.add("HelmRelease " + name);
                    helmReleases.put(name, path.substring(0, Math.max(0, path.lastIndexOf('/'))));
                }
                case "Kustomization" -> {
                    if (root.path("apiVersion").asString("").startsWith("kustomize.toolkit.fluxcd.io/")) {
                        tool = "flux";
                        names.add("Kustomization " + text(root.path("metadata"), "name") + " in " + owner);
                        sources.add(owner + ": " + text(root.path("spec").path("sourceRef"), "name") + " "
                                + text(root.path("spec"), "path"));
                    }
                }
                case "Application" -> {
                    tool = "argocd";
                    names.add("Application " + text(root.path("metadata"), "name"));
                }
                case "ApplicationSet" -> {
                    tool = "argocd";
                    JsonNode template = root.path("spec").path("template");
                    // the Applications it generates, one per element of its list generator
                    String name = text(template.path("metadata"), "name");
                    for (JsonNode generator : root.path("spec").path("generators")) {
                        for (JsonNode element : generator.path("list").path("elements")) {
                            names.add("Application " + name.replace("{{ .cluster }}", text(element, "cluster"))
                                    + " of ApplicationSet " + text(root.path("metadata"), "name"));
                        }
                    }
                    JsonNode source = template.path("spec").path("source");
                    sources.add(text(source, "repoURL") + " " + text(source, "targetRevision") + " "
                            + text(source, "path"));
                }
                default -> {
                    // a provider's kind, or a values file (no kind)
                }
            }
            readers.forEach(reader -> reader.read(path, owner, kind, root));
        }
        return new TreeFacts(
                topology,
                clusters,
                readers.stream().map(MeshChanges.Reader::facts).toList(),
                exports,
                tool == null ? Optional.empty() : Optional.of(new Delivery(tool, names, sources, helmReleases)));
    }

    /** Whether a file holds the delivery's objects this reads; every other file is skipped by a cheap text test. */
    private static boolean delivery(String text) {
        return text.contains("kind: HelmRelease")
                || text.contains("kind: Application")
                || (text.contains("kind: Kustomization") && text.contains("kustomize.toolkit.fluxcd.io/"));
    }

    private static String text(JsonNode node, String field) {
        return MeshChanges.text(node, field);
    }
}
