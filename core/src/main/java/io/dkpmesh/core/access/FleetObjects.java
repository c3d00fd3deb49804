package io.dkpmesh.core.access;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.provider.cilium.CiliumValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The rendered objects that decide access, per cluster, read back from the files of a tree (the one
 * just rendered in memory, or the one on disk): AuthorizationPolicies, CiliumNetworkPolicies, the
 * IstioFederation and IstioMulticluster peers, and the labels and annotations the Service patch
 * Components add. Nothing here looks at the topology.
 */
public final class FleetObjects {

    static final String PUBLIC_SERVICE = "federation.istio.deckhouse.io/public-service";

    /** Kinds worth parsing; every other file is skipped by a cheap text test. */
    private static final List<String> KINDS = List.of(
            "kind: AuthorizationPolicy",
            "kind: PeerAuthentication",
            "kind: CiliumNetworkPolicy",
            "kind: CiliumClusterwideNetworkPolicy",
            "kind: IstioFederation",
            "kind: IstioMulticluster",
            "kind: Service",
            "kind: Component");

    /** The delivery objects that carry a member's Cilium values (with its chart version). */
    private static final List<String> DELIVERY_KINDS = List.of("kind: Application", "kind: HelmRelease");

    /** What one cluster's tree holds. */
    static final class ClusterObjects {
        final List<RawObject> authorizationPolicies = new ArrayList<>();
        /** The PeerAuthentications: the mTLS mode each workload's sidecar asks of its callers. */
        final List<RawObject> peerAuthentications = new ArrayList<>();

        final List<RawObject> networkPolicies = new ArrayList<>();
        /** IstioFederation trustDomains: the peers whose identities this cluster trusts and whose exports it imports. */
        final Set<String> federationTrustDomains = new HashSet<>();
        /** IstioMulticluster metadataEndpoint → enableIngressGateway. */
        final Map<String, Boolean> multiclusterPeers = new HashMap<>();
        /** Component patch file path → (target namespace, target name or empty). */
        final Map<String, PatchTarget> patchTargets = new HashMap<>();
        /** Service patch file path → its metadata. */
        final Map<String, Map<?, ?>> patches = new HashMap<>();

        List<ServicePatch> servicePatches;

        /** A copy whose lists and maps can be added to without changing this one. */
        ClusterObjects copy() {
            ClusterObjects copy = new ClusterObjects();
            copy.authorizationPolicies.addAll(authorizationPolicies);
            copy.peerAuthentications.addAll(peerAuthentications);
            copy.networkPolicies.addAll(networkPolicies);
            copy.federationTrustDomains.addAll(federationTrustDomains);
            copy.multiclusterPeers.putAll(multiclusterPeers);
            copy.patchTargets.putAll(patchTargets);
            copy.patches.putAll(patches);
            copy.servicePatches = servicePatches;
            return copy;
        }
    }

    record RawObject(String object, String namespace, Map<?, ?> metadata, Map<?, ?> spec) {}

    record PatchTarget(String namespace, Optional<String> name) {}

    record ServicePatch(
            String namespace, Optional<String> name, Map<String, String> labels, Map<String, String> annotations) {}

    private final Map<String, ClusterObjects> clusters;
    private final Map<String, CiliumAgent> agents;

    private FleetObjects(Map<String, ClusterObjects> clusters, Map<String, CiliumAgent> agents) {
        this.clusters = clusters;
        this.agents = agents;
    }

    /**
     * Whether a member's Cilium agent runs with {@code policy-default-local-cluster} (chart
     * {@code templates/cilium-configmap.yaml} from {@code clustermesh.policyDefaultLocalCluster}),
     * read from the values rendered for it; empty where none are rendered (not an upstream Cilium
     * ClusterMesh member).
     */
    Optional<Boolean> policyDefaultLocalCluster(String cluster) {
        return Optional.ofNullable(agents.get(cluster)).map(CiliumAgent::defaultLocalCluster);
    }

    private static final java.util.regex.Pattern NAMED_NAMESPACE = java.util.regex.Pattern.compile(
            "/ns/([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)/sa/|io\\.kubernetes\\.pod\\.namespace\"?:\\s*\"?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)");

    /**
     * The namespaces that the access objects of a tree's files name as callers: in Istio principals
     * ({@code <trust domain>/ns/<namespace>/sa/...}) and Cilium namespace selectors.
     */
    public static java.util.SortedSet<String> namedNamespaces(Map<String, byte[]> files) {
        java.util.SortedSet<String> named = new java.util.TreeSet<>();
        files.forEach((path, content) -> {
            if (Layout.inClusterTree(path) && path.endsWith(".yaml")) {
                java.util.regex.Matcher matcher = NAMED_NAMESPACE.matcher(new String(content, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    named.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                }
            }
        });
        return named;
    }

    /** Reads the objects of every file of a cluster tree ({@link Layout#inClusterTree}); unparsable files are skipped (the self-check reports them). */
    public static FleetObjects read(Map<String, byte[]> files) {
        return of(parse(files));
    }

    /**
     * Parses the cluster files worth reading, as the self-check parses them ({@link YamlLoader}), so
     * that a render parses each file once for both (see {@code OutputCheck}).
     *
     * @return the documents by path, in the order of {@code files}
     */
    public static Map<String, LoadedDocument> parse(Map<String, byte[]> files) {
        // Parsing is most of the cost (a full mesh holds N·(N−1) peer objects), so each distinct content
        // array is parsed once, on both cores. A document's tree is read, never changed, so the paths
        // that share an array share it. Its findings name the first of those paths; the self-check
        // reports them under each file's own path.
        Map<byte[], Boolean> worthReading = new IdentityHashMap<>();
        Map<byte[], String> firstPath = new IdentityHashMap<>();
        files.forEach((path, content) -> {
            if (path.endsWith(".yaml")
                    && (CiliumValues.isValues(path)
                            || Layout.inClusterTree(path)
                                    && worthReading.computeIfAbsent(
                                            content, c -> worthReading(new String(c, StandardCharsets.UTF_8)))
                            || !Layout.inClusterTree(path)
                                    && deliversCilium(new String(content, StandardCharsets.UTF_8)))) {
                firstPath.putIfAbsent(content, path);
            }
        });
        List<Map.Entry<byte[], String>> distinct = new ArrayList<>(firstPath.entrySet());
        List<LoadedDocument> parsed = distinct.parallelStream()
                .map(entry -> YamlLoader.load(entry.getValue(), entry.getKey()))
                .toList();
        Map<byte[], LoadedDocument> byContent = new IdentityHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            byContent.put(distinct.get(i).getKey(), parsed.get(i));
        }
        Map<String, LoadedDocument> documents = new LinkedHashMap<>();
        files.forEach((path, content) -> {
            LoadedDocument document = byContent.get(content);
            if (document != null) {
                documents.put(path, document);
            }
        });
        return documents;
    }

    /** The objects of parsed cluster files ({@link #parse}); documents that did not parse are skipped. */
    public static FleetObjects of(Map<String, LoadedDocument> documents) {
        Map<String, ClusterObjects> clusters = new TreeMap<>();
        Map<String, CiliumAgent> agents = new TreeMap<>();
        documents.forEach((path, document) -> {
            JsonNode root = document.root().orElse(null);
            if (root == null || !root.isObject()) {
                return;
            }
            if (CiliumValues.isValues(path)) {
                agent(agents, root, Optional.empty());
            } else if (Layout.inClusterTree(path)) {
                String cluster = Layout.owner(path).orElseThrow();
                add(clusters.computeIfAbsent(cluster, c -> new ClusterObjects()), path, root);
            } else if (root.path("kind").isString()
                    && root.path("kind").asString().equals("HelmRelease")) {
                JsonNode spec = root.path("spec");
                agent(
                        agents,
                        spec.path("values"),
                        version(spec.path("chart").path("spec").path("version")));
            } else if (root.path("kind").isString()
                    && root.path("kind").asString().equals("Application")) {
                JsonNode source = root.path("spec").path("source");
                agent(agents, source.path("helm").path("valuesObject"), version(source.path("targetRevision")));
            }
        });
        clusters.values().forEach(FleetObjects::resolvePatches);
        return new FleetObjects(clusters, agents);
    }

    /**
     * What a member's Cilium agent runs with, as far as the access matrix needs it: read from the
     * Helm values dkp-mesh renders for it (the values file, the Argo CD Application's
     * {@code helm.valuesObject}, the Flux HelmRelease's {@code values}) and the chart version they go
     * with.
     *
     * @param policyDefaultLocalCluster {@code clustermesh.policyDefaultLocalCluster} when the values set it
     * @param chartVersion the chart version the delivery object pins; empty for the values file
     */
    record CiliumAgent(Optional<Boolean> policyDefaultLocalCluster, Optional<String> chartVersion) {

        /**
         * The value the agent runs with: the one set, else the chart's default for the version
         * ({@code values.yaml} of chart 1.18.2: false; 1.19.6: true). Without a version, the values
         * file is installed with a chart dkp-mesh does not know: 1.18's false, the older default.
         */
        boolean defaultLocalCluster() {
            return policyDefaultLocalCluster.orElseGet(
                    () -> chartVersion.map(CiliumAgent::from119).orElse(false));
        }

        private static boolean from119(String version) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("^v?(\\d+)\\.(\\d+)").matcher(version);
            if (!m.find()) {
                return false;
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            return major > 1 || major == 1 && minor >= 19;
        }
    }

    private static Optional<String> version(JsonNode node) {
        return node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static void agent(Map<String, CiliumAgent> agents, JsonNode values, Optional<String> chartVersion) {
        JsonNode name = values.path("cluster").path("name");
        if (!name.isString()) {
            return;
        }
        JsonNode local = values.path("clustermesh").path("policyDefaultLocalCluster");
        agents.put(
                name.asString(),
                new CiliumAgent(
                        local.isBoolean() ? Optional.of(local.booleanValue()) : Optional.empty(), chartVersion));
    }

    private static boolean deliversCilium(String text) {
        for (String kind : DELIVERY_KINDS) {
            if (text.contains(kind)) {
                return text.contains("clustermesh:");
            }
        }
        return false;
    }

    private static boolean worthReading(String text) {
        for (String kind : KINDS) {
            if (text.contains(kind)) {
                return true;
            }
        }
        return false;
    }

    private static void add(ClusterObjects objects, String path, JsonNode root) {
        String kind = root.path("kind").isString() ? root.path("kind").asString() : "";
        if (kind.equals("IstioFederation")) {
            // one per peer: N·(N−1) in a full mesh, and only its trust domain counts
            JsonNode trustDomain = root.path("spec").path("trustDomain");
            if (!trustDomain.isMissingNode() && !trustDomain.isNull()) {
                objects.federationTrustDomains.add(String.valueOf(plain(trustDomain)));
            }
            return;
        }
        if (kind.equals("IstioMulticluster")) {
            // one per peer as well: its metadata endpoint, and whether the peer is reached through its gateway
            JsonNode endpoint = root.path("spec").path("metadataEndpoint");
            if (!endpoint.isMissingNode() && !endpoint.isNull()) {
                JsonNode gateway = root.path("spec").path("enableIngressGateway");
                objects.multiclusterPeers.put(
                        String.valueOf(plain(endpoint)), !(gateway.isBoolean() && !gateway.booleanValue()));
            }
            return;
        }
        if (plain(root) instanceof Map<?, ?> object) {
            add(objects, path, object);
        }
    }

    /** A parsed node as the maps, lists and scalars the policy readers take. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), plain(entry.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : node) {
                list.add(plain(item));
            }
            return list;
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.asString();
    }

    private static void add(ClusterObjects objects, String path, Map<?, ?> object) {
        Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> spec = object.get("spec") instanceof Map<?, ?> s ? s : Map.of();
        String namespace = String.valueOf(metadata.get("namespace") == null ? "default" : metadata.get("namespace"));
        String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".yaml".length());
        switch (String.valueOf(object.get("kind"))) {
            case "AuthorizationPolicy" ->
                objects.authorizationPolicies.add(new RawObject(name, namespace, metadata, spec));
            case "PeerAuthentication" ->
                objects.peerAuthentications.add(new RawObject(name, namespace, metadata, spec));
            case "CiliumNetworkPolicy" -> objects.networkPolicies.add(new RawObject(name, namespace, metadata, spec));
            case "CiliumClusterwideNetworkPolicy" ->
                objects.networkPolicies.add(new RawObject(name, CiliumPolicy.CLUSTERWIDE, metadata, spec));
            // IstioFederation and IstioMulticluster: read from the parsed node directly (add(ClusterObjects, String,
            // JsonNode))
            case "Component" -> {
                String dir = path.substring(0, path.lastIndexOf('/') + 1);
                if (object.get("patches") instanceof List<?> patches) {
                    for (Object item : patches) {
                        if (item instanceof Map<?, ?> patch
                                && patch.get("target") instanceof Map<?, ?> target
                                && patch.get("path") != null
                                && "Service".equals(target.get("kind"))
                                && target.get("namespace") != null) {
                            objects.patchTargets.put(
                                    dir + patch.get("path"),
                                    new PatchTarget(
                                            String.valueOf(target.get("namespace")),
                                            Optional.ofNullable(target.get("name"))
                                                    .map(String::valueOf)));
                        }
                    }
                }
            }
            case "Service" -> objects.patches.put(path, metadata);
            default -> {}
        }
    }

    /** A Service patch counts where a Component names it as a patch, with that patch's target (as kustomize applies it). */
    private static void resolvePatches(ClusterObjects objects) {
        List<ServicePatch> patches = new ArrayList<>();
        objects.patchTargets.forEach((path, target) -> {
            Map<?, ?> metadata = objects.patches.get(path);
            if (metadata != null) {
                patches.add(new ServicePatch(
                        target.namespace(),
                        target.name(),
                        strings(metadata.get("labels")),
                        strings(metadata.get("annotations"))));
            }
        });
        objects.servicePatches = patches;
    }

    private static Map<String, String> strings(Object node) {
        Map<String, String> out = new TreeMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    /**
     * These objects with the user's own AuthorizationPolicies and PeerAuthentications beside the
     * rendered ones, in each cluster the user's folder names: istiod applies them all alike.
     */
    public FleetObjects with(UserPolicies user) {
        if (user.count() == 0) {
            return this;
        }
        Map<String, ClusterObjects> merged = new TreeMap<>(clusters);
        for (String name : user.clusters()) {
            ClusterObjects both = cluster(name).copy();
            both.authorizationPolicies.addAll(user.of(name));
            both.peerAuthentications.addAll(user.peerAuthenticationsOf(name));
            merged.put(name, both);
        }
        return new FleetObjects(merged, agents);
    }

    ClusterObjects cluster(String name) {
        return clusters.getOrDefault(name, EMPTY);
    }

    private static final ClusterObjects EMPTY = emptyObjects();

    private static ClusterObjects emptyObjects() {
        ClusterObjects empty = new ClusterObjects();
        empty.servicePatches = List.of();
        return empty;
    }

    /** The labels the patches of a cluster add to a Service ({@code *}: a Service the topology does not name). */
    Map<String, String> serviceLabels(String cluster, String namespace, String service) {
        Map<String, String> labels = new TreeMap<>();
        for (ServicePatch patch : cluster(cluster).servicePatches) {
            if (patch.namespace().equals(namespace)
                    && patch.name().map(service::equals).orElse(true)) {
                labels.putAll(patch.labels());
            }
        }
        return labels;
    }

    Map<String, String> serviceAnnotations(String cluster, String namespace, String service) {
        Map<String, String> annotations = new TreeMap<>();
        for (ServicePatch patch : cluster(cluster).servicePatches) {
            if (patch.namespace().equals(namespace)
                    && patch.name().map(service::equals).orElse(true)) {
                annotations.putAll(patch.annotations());
            }
        }
        return annotations;
    }
}
