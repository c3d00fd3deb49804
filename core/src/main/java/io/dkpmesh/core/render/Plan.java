package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the planners decided to render, and any finding that only shows once objects are merged
 * (such as two meshes asking contradicting settings of one cluster).
 */
public final class Plan {

    private final Topology topology;
    private final Map<String, String> metadataCAs;
    private final Findings findings;
    private final List<Document> documents = new ArrayList<>();
    /** Lookups the planners make per peer: a full mesh of N clusters asks them N·(N−1) times. */
    private final Map<String, Cluster> clusters;

    private final Set<String> paths = new HashSet<>();
    private final Map<String, List<String>> resources = new HashMap<>();
    private final Map<String, Set<CustomResource>> customResources = new HashMap<>();
    /** The providers' custom kinds, in the registry's order. */
    private final List<CustomResource> kinds;

    /** What the registered providers contribute beyond their planners (their delivery): none here. */
    private final List<MeshProvider> providers;

    public Plan(Topology topology, Map<String, String> metadataCAs, Findings findings) {
        this(topology, metadataCAs, findings, List.of());
    }

    /** @param providers the registered providers, whose delivery the delivery planners ask for */
    public Plan(Topology topology, Map<String, String> metadataCAs, Findings findings, List<MeshProvider> providers) {
        this.providers = List.copyOf(providers);
        this.kinds = this.providers.stream()
                .flatMap(provider -> provider.customResources().stream())
                .toList();
        this.topology = topology;
        this.metadataCAs = metadataCAs;
        this.findings = findings;
        this.clusters =
                topology.clusters().stream().collect(Collectors.toMap(Cluster::name, Function.identity(), (a, b) -> a));
    }

    /** The cluster of that name, as {@link Topology#cluster(String)} finds it. */
    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /** The registered providers, in the registry's order. */
    public List<MeshProvider> providers() {
        return providers;
    }

    public Topology topology() {
        return topology;
    }

    /** PEM of a cluster's metadata CA, when it has one. */
    public Map<String, String> metadataCAs() {
        return metadataCAs;
    }

    public Findings findings() {
        return findings;
    }

    public void add(Document document) {
        documents.add(document);
        paths.add(document.path());
        if (document.phase().isPresent() && document.cluster().isPresent()) {
            String folder = Layout.phaseFolder(
                    document.cluster().get(), document.phase().get());
            resources
                    .computeIfAbsent(folder, f -> new ArrayList<>())
                    .add(document.path().substring(folder.length()));
            CustomResource.ofTemplate(kinds, document.template())
                    .ifPresent(kind -> customResources
                            .computeIfAbsent(folder, f -> new HashSet<>())
                            .add(kind));
        }
    }

    /** Whether a document with that path is planned. */
    public boolean planned(String path) {
        return paths.contains(path);
    }

    /** The resources planned so far in a cluster's phase folder, relative to it, unsorted. */
    List<String> resources(String cluster, Phase phase) {
        return resources.getOrDefault(Layout.phaseFolder(cluster, phase), List.of());
    }

    /** The custom kinds planned so far in a cluster's phase folder, in the order the providers name them. */
    Set<CustomResource> customResources(String cluster, Phase phase) {
        Set<CustomResource> planned = customResources.getOrDefault(Layout.phaseFolder(cluster, phase), Set.of());
        Set<CustomResource> ordered = new LinkedHashSet<>();
        kinds.stream().filter(planned::contains).forEach(ordered::add);
        return ordered;
    }

    public List<Document> documents() {
        return List.copyOf(documents);
    }
}
