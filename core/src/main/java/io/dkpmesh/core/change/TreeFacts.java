package io.dkpmesh.core.change;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.provider.cilium.CiliumValues;
import io.dkpmesh.core.write.Manifest;
import java.nio.charset.StandardCharsets;
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
 * @param cilium   each cluster's Cilium identity, from the ClusterMesh values it is given (a values
 *                 file, a Flux HelmRelease or an Argo CD Application)
 * @param peers    each cluster's Istio peers, by peer name: IstioFederation and IstioMulticluster
 *                 objects
 * @param exports  each cluster's exported services ({@code namespace/service}), from the Service
 *                 patches of its {@code service-exports} Component (Istio) or the shared Services of
 *                 its {@code cilium-global-services} Component (a Cilium federation's exporter)
 * @param delivery the GitOps tool's objects, when the tree has any
 */
public record TreeFacts(
        Optional<String> topology,
        SortedSet<String> clusters,
        SortedMap<String, CiliumIdentity> cilium,
        SortedMap<String, SortedMap<String, Peer>> peers,
        SortedMap<String, SortedSet<String>> exports,
        Optional<Delivery> delivery) {

    /** {@code cluster.name}, {@code cluster.id} and {@code clustermesh.maxConnectedClusters} as given to the chart. */
    public record CiliumIdentity(String name, String id, String maxConnectedClusters) {}

    /**
     * One peer object.
     *
     * @param kind             {@code IstioFederation} or {@code IstioMulticluster}
     * @param trustDomain      the peer's trust domain (federation only; empty otherwise)
     * @param metadataEndpoint where the peer's metadata is fetched from
     */
    public record Peer(String kind, String trustDomain, String metadataEndpoint) {}

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

    /** The facts of the files of a tree, by path (the manifest among them, if it has one). */
    public static TreeFacts of(Map<String, byte[]> files) {
        Optional<String> topology = Optional.ofNullable(files.get(Layout.MANIFEST))
                .flatMap(Manifest::parse)
                .map(Manifest::topology);
        return of(files, topology);
    }

    /** The facts of the files of a tree rendered from the topology named {@code topology}. */
    public static TreeFacts of(Map<String, byte[]> files, Optional<String> topology) {
        SortedSet<String> clusters = new TreeSet<>();
        SortedMap<String, CiliumIdentity> cilium = new TreeMap<>();
        SortedMap<String, SortedMap<String, Peer>> peers = new TreeMap<>();
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
                String folder = within.startsWith(EXPORTS)
                        ? EXPORTS
                        : within.startsWith(CILIUM_GLOBAL)
                                        && !new String(file.getValue(), StandardCharsets.UTF_8).contains(CONSUMER)
                                ? CILIUM_GLOBAL
                                : null;
                if (folder != null && within.endsWith(".yaml") && !within.endsWith(Layout.KUSTOMIZATION)) {
                    // service.<namespace>.<service>.yaml: names are DNS labels, without dots
                    String[] parts = within.substring(folder.length()).split("\\.");
                    if (parts.length == 4) {
                        exports.computeIfAbsent(Layout.owner(path).orElseThrow(), c -> new TreeSet<>())
                                .add(parts[1] + "/" + parts[2]);
                    }
                }
            }
            if (!path.endsWith(".yaml") || !worthReading(path, file.getValue())) {
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
                case "IstioFederation", "IstioMulticluster" ->
                    peers.computeIfAbsent(owner, c -> new TreeMap<>())
                            .put(
                                    text(root.path("metadata"), "name"),
                                    new Peer(
                                            kind,
                                            text(root.path("spec"), "trustDomain"),
                                            text(root.path("spec"), "metadataEndpoint")));
                case "HelmRelease" -> {
                    tool = "flux";
                    String name = text(root.path("metadata"), "name") + " in " + owner;
                    names.add("HelmRelease " + name);
                    helmReleases.put(name, path.substring(0, Math.max(0, path.lastIndexOf('/'))));
                    identity(root.path("spec").path("values")).ifPresent(id -> cilium.put(owner, id));
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
                    JsonNode source = root.path("spec").path("source");
                    identity(source.path("helm").path("valuesObject"))
                            .ifPresent(id -> cilium.put(ciliumOwner(path, id), id));
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
                    // a values file has no kind
                    if (CiliumValues.isValues(path)) {
                        identity(root).ifPresent(id -> cilium.put(owner, id));
                    }
                }
            }
        }
        return new TreeFacts(
                topology,
                clusters,
                cilium,
                peers,
                exports,
                tool == null ? Optional.empty() : Optional.of(new Delivery(tool, names, sources, helmReleases)));
    }

    private static final String EXPORTS = "components/service-exports/";

    /**
     * A Cilium federation's global Services: the exporter's are shared, the consumers' carry
     * {@code service.cilium.io/shared: "false"} (they only reach the exporter's backends).
     */
    private static final String CILIUM_GLOBAL = "components/cilium-global-services/";

    private static final String CONSUMER = "\"service.cilium.io/shared\": \"false\"";

    /** An Argo CD Cilium Application is fleet-wide by path; its values name the cluster. */
    private static String ciliumOwner(String path, CiliumIdentity id) {
        return Layout.owner(path).orElse(id.name());
    }

    private static Optional<CiliumIdentity> identity(JsonNode values) {
        JsonNode cluster = values.path("cluster");
        if (!cluster.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new CiliumIdentity(
                text(cluster, "name"), text(cluster, "id"), text(values.path("clustermesh"), "maxConnectedClusters")));
    }

    /** Only the kinds this reads; every other file is skipped by a cheap text test. */
    private static boolean worthReading(String path, byte[] content) {
        if (CiliumValues.isValues(path)) {
            return true;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        return text.contains("kind: IstioFederation")
                || text.contains("kind: IstioMulticluster")
                || text.contains("kind: HelmRelease")
                || text.contains("kind: Application")
                || (text.contains("kind: Kustomization") && text.contains("kustomize.toolkit.fluxcd.io/"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asString("") : "";
    }
}
