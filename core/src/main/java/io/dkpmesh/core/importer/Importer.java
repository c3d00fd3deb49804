package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Secrets;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Position;
import io.dkpmesh.core.model.AccessRule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a topology from a fleet's objects: the inverse of the render, object kind by object
 * kind, so that rendering the result gives the objects back. Peers come in pairs or not at all;
 * an object the topology cannot express whole is kept out and said so, never half copied.
 */
final class Importer {

    static final String PUBLIC_SERVICE = "federation.istio.deckhouse.io/public-service";
    static final String CILIUM_GLOBAL = "service.cilium.io/global";
    static final String CILIUM_SHARED = "service.cilium.io/shared";
    static final String CILIUM_AFFINITY = "service.cilium.io/affinity";
    static final String CILIUM_CLUSTER = "io.cilium.k8s.policy.cluster";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    private static final Pattern ENDPOINT = Pattern.compile("^https://istio-metadata\\.(.+)/metadata/$");
    private static final Pattern NAMESPACE_PRINCIPAL = Pattern.compile("^(.+)/ns/([^/]+)/sa/([^/]+)$");
    private static final Pattern CLUSTER_PRINCIPAL = Pattern.compile("^([^/]+)/\\*$");
    private static final Pattern REGION_LOCALITY = Pattern.compile("^([^/*]+)/\\*$");

    /** One row of the report. */
    record Row(FleetObject object, Outcome outcome, String where) {}

    /** A mesh being rebuilt; {@link #toMap} writes it in the topology's field order. */
    static final class MeshDraft {
        String name;
        final String type;
        final String provider;
        final List<String> members;
        /** The hubs of a hub-and-spoke mesh, in topology order; empty for a full mesh. */
        List<String> hubs = List.of();

        int index;
        Map<String, Object> ingressGateway;
        boolean flatNetwork;
        Long maxConnectedClusters;
        String mtls;
        final List<String> namespaces = new ArrayList<>();
        final Map<String, Map<String, Object>> exports = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> access = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> traffic = new LinkedHashMap<>();

        MeshDraft(String type, String provider, List<String> members) {
            this.type = type;
            this.provider = provider;
            this.members = members;
        }

        String pointer() {
            return "/spec/meshes/" + index;
        }

        int position(Map<String, ?> in, String key) {
            return new ArrayList<>(in.keySet()).indexOf(key);
        }

        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("type", type);
            out.put("provider", provider);
            out.put("clusters", members);
            if (!hubs.isEmpty()) {
                out.put("hubs", hubs);
            }
            if (ingressGateway != null) {
                out.put("ingressGateway", ingressGateway);
            }
            if (flatNetwork) {
                out.put("flatNetwork", true);
            }
            if (maxConnectedClusters != null && maxConnectedClusters != 255) {
                out.put("cilium", Map.of("maxConnectedClusters", maxConnectedClusters));
            }
            if (mtls != null) {
                out.put("mtls", mtls);
            }
            if (!namespaces.isEmpty()) {
                out.put("namespaces", namespaces);
            }
            if (!exports.isEmpty()) {
                out.put("exports", new ArrayList<>(exports.values()));
            }
            if (!access.isEmpty()) {
                out.put("access", new ArrayList<>(access.values()));
            }
            if (!traffic.isEmpty()) {
                out.put("traffic", new ArrayList<>(traffic.values()));
            }
            return out;
        }
    }

    private final List<FleetObject> objects;
    private final ClusterFacts facts;
    private final List<String> clusters;
    private final List<Finding> findings;
    private final Map<FleetObject, Row> rows = new IdentityHashMap<>();
    private final List<MeshDraft> meshes = new ArrayList<>();
    /** What the objects say about each cluster (clusterDomain, endpoints, CA, Cilium), first observation wins. */
    private final Map<String, Map<String, Object>> derived = new LinkedHashMap<>();

    private final Map<String, FleetObject> derivedFrom = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> moduleSettings = new LinkedHashMap<>();
    private final List<String> renames = new ArrayList<>();

    Importer(List<FleetObject> objects, ClusterFacts facts, List<String> folders, List<Finding> findings) {
        this.objects = objects;
        this.facts = facts;
        this.findings = findings;
        LinkedHashSet<String> all = new LinkedHashSet<>(facts.names());
        all.addAll(folders);
        this.clusters = List.copyOf(all);
        clusters.forEach(c -> derived.put(c, new LinkedHashMap<>()));
    }

    List<Row> rows() {
        return objects.stream().map(rows::get).filter(Objects::nonNull).toList();
    }

    List<String> renames() {
        return renames;
    }

    /** The rebuilt topology, in the schema's field order. */
    Map<String, Object> run(List<String> placeholders, Map<String, String> certificates) {
        objects.forEach(this::refuseKeyMaterial);
        Links links = new Links();
        for (FleetObject o : open()) {
            switch (o.kind()) {
                case "IstioFederation" -> istioPeer(o, "federation", links);
                case "IstioMulticluster" -> istioPeer(o, "multicluster", links);
                default -> ciliumValues(o).ifPresent(values -> ciliumPeers(o, values, links));
            }
        }
        buildMeshes(links);
        for (FleetObject o : open()) {
            if (o.kind().equals("ModuleConfig") && o.name().equals("istio")) {
                moduleConfig(o);
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("Component") && o.group().equals("kustomize.config.k8s.io")) {
                component(o);
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("Service") && o.labels().containsKey(PUBLIC_SERVICE)) {
                istioExport(o, o.namespace().orElse("default"), o.name());
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("Service") && "false".equals(o.annotations().get(CILIUM_SHARED))) {
                ciliumConsumer(o);
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("Service")
                    && "true".equals(o.annotations().get(CILIUM_GLOBAL))
                    && ciliumService(o, o.namespace().orElse("default"), Optional.of(o.name()), false) == null) {
                notExpressible(
                        o,
                        "/metadata/annotations",
                        "a global Service outside a Cilium mesh of the import, or one Service of a namespace a"
                                + " Cilium multicluster does not share whole (the topology shares namespaces there)");
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("DestinationRule")) {
                destinationRule(o);
            }
        }
        for (FleetObject o : open()) {
            if (o.kind().equals("VirtualService")) {
                virtualService(o);
            }
        }
        // the federation boundary first: it tells the exports' workloadLabels, which the access
        // policies of those Services select by
        for (FleetObject o : open()) {
            if ((o.kind().equals("CiliumNetworkPolicy") || o.kind().equals("CiliumClusterwideNetworkPolicy"))
                    && !Tree.list(o.spec(), "ingressDeny").isEmpty()) {
                ciliumPolicy(o);
            }
        }
        boundaryWorkloads();
        for (FleetObject o : open()) {
            switch (o.kind()) {
                case "PeerAuthentication" -> peerAuthentication(o);
                case "AuthorizationPolicy" -> authorizationPolicy(o);
                case "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy" -> ciliumPolicy(o);
                default -> {}
            }
        }
        for (FleetObject o : open()) {
            leftOver(o);
        }
        return topology(placeholders, certificates);
    }

    // ---- objects nothing else may read -------------------------------------------------------

    private List<FleetObject> open() {
        return objects.stream().filter(o -> !rows.containsKey(o)).toList();
    }

    private void row(FleetObject o, Outcome outcome, String where) {
        rows.putIfAbsent(o, new Row(o, outcome, where));
    }

    private void finding(FindingCode code, FleetObject o, String pointer, String message) {
        Position at = o.at(pointer);
        findings.add(new Finding(
                code.code(),
                Severity.WARNING,
                o.file(),
                at.line(),
                at.column(),
                o.prefix() + pointer,
                o.label() + ": " + message));
    }

    private void notExpressible(FleetObject o, String field, String reason) {
        if (o.rendered()) {
            // a kind or shape a dkp-mesh render writes that no field maps back (another version's
            // boundary objects, say): the render writes it again from what the topology holds
            row(
                    o,
                    Outcome.GENERATED_BY_DKP_MESH,
                    "rendered by dkp-mesh, and no field maps it back: " + reason + " (" + field + ")");
            return;
        }
        finding(FindingCode.IMPORT_NOT_EXPRESSIBLE, o, field, reason + "; kept out of the topology");
        row(o, Outcome.NOT_EXPRESSIBLE, reason + " (" + field + ")");
    }

    /** Secrets and any object holding a private key, a token or a credential field: refused whole. */
    private void refuseKeyMaterial(FleetObject o) {
        if (o.kind().equals("Secret") && o.apiVersion().equals("v1")) {
            finding(
                    FindingCode.IMPORT_KEY_MATERIAL,
                    o,
                    "",
                    "a Secret: its data is never copied; the clusters keep their own secrets");
            row(o, Outcome.REFUSED, "a Secret (data)");
            return;
        }
        List<String> where = new ArrayList<>();
        Tree.strings(o.body(), "", (key, parent, value) -> {
            if (!where.isEmpty()) {
                return;
            }
            if (value instanceof String s && !s.isEmpty() && Secrets.isCredentialField(key, parent)) {
                where.add(parent.isEmpty() ? key : parent + "." + key);
            } else if (value instanceof String s && Secrets.first(s).isPresent()) {
                where.add(key);
            } else if (Secrets.first(key).isPresent()) {
                where.add("a key");
            }
        });
        if (!where.isEmpty()) {
            finding(
                    FindingCode.IMPORT_KEY_MATERIAL,
                    o,
                    "",
                    "holds key material in " + Text.quote(where.get(0)) + "; refused whole, never copied");
            row(o, Outcome.REFUSED, "key material in " + where.get(0));
        }
    }

    // ---- peers and meshes ---------------------------------------------------------------------

    /** Directed peer links by model (federation, multicluster, cilium), each with the object that says it. */
    private static final class Links {
        final Map<String, Map<String, FleetObject>> byModel = new TreeMap<>();

        void add(String model, String from, String to, FleetObject o) {
            byModel.computeIfAbsent(model, k -> new LinkedHashMap<>()).putIfAbsent(from + "\u0000" + to, o);
        }

        boolean has(String model, String from, String to) {
            return byModel.getOrDefault(model, Map.of()).containsKey(from + "\u0000" + to);
        }
    }

    private Optional<String> peerOf(FleetObject o, Optional<String> trustDomain, Optional<String> endpoint) {
        if (clusters.contains(o.name()) && !o.name().equals(o.cluster())) {
            return Optional.of(o.name());
        }
        for (String c : clusters) {
            if (c.equals(o.cluster())) {
                continue;
            }
            Map<String, Object> f = facts.of(c);
            if (trustDomain.isPresent() && trustDomain.equals(Tree.string(f, "clusterDomain"))) {
                return Optional.of(c);
            }
            if (endpoint.isPresent() && endpoint.equals(ClusterFacts.endpoint(f))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static final List<Pattern> ISTIO_PEER_FIELDS = patterns(
            "/spec/trustDomain",
            "/spec/metadataEndpoint",
            "/spec/enableIngressGateway",
            "/spec/metadata/ca",
            "/spec/metadata/insecureSkipVerify");

    private void istioPeer(FleetObject o, String model, Links links) {
        Optional<String> field = unknownField(o, ISTIO_PEER_FIELDS);
        if (field.isPresent()) {
            notExpressible(o, field.get(), "dkp-mesh renders no such field on a " + o.kind());
            return;
        }
        Map<String, Object> spec = o.spec();
        Optional<String> trustDomain = Tree.string(spec, "trustDomain");
        Optional<String> endpoint = Tree.string(spec, "metadataEndpoint");
        Optional<String> peer = peerOf(o, trustDomain, endpoint);
        if (peer.isEmpty()) {
            finding(
                    FindingCode.IMPORT_ONE_SIDED,
                    o,
                    "/metadata/name",
                    "names no cluster of the import (by name, trust domain or metadata endpoint); add the peer's"
                            + " folder, or give it in the clusters file");
            row(o, Outcome.NOT_EXPRESSIBLE, "peer outside the import (metadata.name)");
            return;
        }
        String p = peer.get();
        if (model.equals("federation")) {
            trustDomain.ifPresent(td -> observe(p, "clusterDomain", td, o));
        }
        endpoint.ifPresent(e -> {
            Matcher m = ENDPOINT.matcher(e);
            if (m.matches()) {
                observe(p, "publicDomain", m.group(1), o);
            } else {
                observe(p, "metadataEndpoint", e, o);
            }
        });
        Tree.string(spec, "metadata", "ca").ifPresent(ca -> observe(p, "ca", ca, o));
        Tree.bool(spec, "metadata", "insecureSkipVerify")
                .filter(b -> b)
                .ifPresent(b -> observe(p, "metadataInsecureSkipVerify", true, o));
        if (model.equals("multicluster")) {
            Tree.bool(spec, "enableIngressGateway").ifPresent(g -> observe(o.cluster() + "|" + p, "gateway", g, o));
        }
        if (!o.name().equals(p)) {
            rename(o, p);
        }
        links.add(model, o.cluster(), p, o);
    }

    private void rename(FleetObject o, String renderedName) {
        String what = o.label() + " in cluster " + o.cluster() + " is rendered as " + Text.quote(renderedName);
        renames.add(what);
        finding(
                FindingCode.IMPORT_RENAMED,
                o,
                "/metadata/name",
                "the first render names it " + Text.quote(renderedName)
                        + "; the GitOps tool creates that object and prunes only what it applied itself, so"
                        + " delete this one after the first sync (report.md says how)");
    }

    private void observe(String cluster, String key, Object value, FleetObject o) {
        Map<String, Object> d = derived.computeIfAbsent(cluster, k -> new LinkedHashMap<>());
        Object earlier = d.putIfAbsent(key, value);
        if (earlier == null) {
            derivedFrom.put(cluster + "/" + key, o);
        } else if (!earlier.equals(value)) {
            FleetObject first = derivedFrom.get(cluster + "/" + key);
            finding(
                    FindingCode.IMPORT_DISAGREE,
                    o,
                    "",
                    "says " + key + " of " + cluster + " differently from " + first.label() + " in " + first.place()
                            + "; the first is taken");
        }
    }

    /** Cilium Helm values: a values file, an Argo CD Application's valuesObject or a Flux HelmRelease's values. */
    private static Optional<Map<String, Object>> ciliumValues(FleetObject o) {
        Map<String, Object> body = o.body();
        if (o.kind().isEmpty()
                && body.get("cluster") instanceof Map<?, ?>
                && body.get("clustermesh") instanceof Map<?, ?>) {
            return Optional.of(body);
        }
        if (o.kind().equals("Application")
                && o.group().equals("argoproj.io")
                && Tree.string(body, "spec", "source", "chart")
                        .filter("cilium"::equals)
                        .isPresent()) {
            return Optional.of(Tree.map(body, "spec", "source", "helm", "valuesObject"));
        }
        if (o.kind().equals("HelmRelease")
                && o.group().equals("helm.toolkit.fluxcd.io")
                && Tree.string(body, "spec", "chart", "spec", "chart")
                        .filter("cilium"::equals)
                        .isPresent()) {
            return Optional.of(Tree.map(body, "spec", "values"));
        }
        return Optional.empty();
    }

    private void ciliumPeers(FleetObject o, Map<String, Object> values, Links links) {
        String c = o.cluster();
        Optional<String> name = Tree.string(values, "cluster", "name");
        if (name.isPresent() && !name.get().equals(c)) {
            notExpressible(
                    o,
                    "/cluster/name",
                    "Cilium cluster name " + Text.quote(name.get()) + " is not the folder's cluster " + Text.quote(c)
                            + " (dkp-mesh names a member's Cilium cluster after it)");
            return;
        }
        Tree.integer(values, "cluster", "id").ifPresent(id -> observe(c, "ciliumId", id, o));
        Map<String, Object> apiserver = Tree.map(values, "clustermesh", "apiserver");
        Tree.string(apiserver, "service", "type").ifPresent(t -> observe(c, "ciliumServiceType", t, o));
        Tree.integer(apiserver, "service", "nodePort").ifPresent(p -> observe(c, "ciliumPort", p, o));
        Tree.list(apiserver, "tls", "server", "extraDnsNames").stream()
                .findFirst()
                .ifPresent(a -> observe(c, "ciliumAddress", a, o));
        Tree.list(apiserver, "tls", "server", "extraIpAddresses").stream()
                .findFirst()
                .ifPresent(a -> observe(c, "ciliumAddress", a, o));
        Tree.integer(values, "clustermesh", "maxConnectedClusters").ifPresent(m -> observe(c, "ciliumMax", m, o));
        for (Object peer : Tree.list(values, "clustermesh", "config", "clusters")) {
            Optional<String> p = Tree.string(peer, "name");
            if (p.isEmpty() || !clusters.contains(p.get())) {
                finding(
                        FindingCode.IMPORT_ONE_SIDED,
                        o,
                        "/clustermesh/config/clusters",
                        "ClusterMesh peer " + Text.quote(p.orElse("")) + " is no cluster of the import; left out");
                continue;
            }
            Tree.string(peer, "address").ifPresent(a -> observe(p.get(), "ciliumAddress", a, o));
            Tree.list(peer, "ips").stream().findFirst().ifPresent(a -> observe(p.get(), "ciliumAddress", a, o));
            Tree.integer(peer, "port").ifPresent(port -> observe(p.get(), "ciliumPort", port, o));
            links.add("cilium", c, p.get(), o);
        }
        observe(c, "ciliumHelm", true, o);
        List<String> other = values.keySet().stream()
                .filter(k ->
                        !Set.of("cluster", "certgen", "hubble", "clustermesh").contains(k))
                .toList();
        if (!other.isEmpty()) {
            finding(
                    FindingCode.IMPORT_NOT_EXPRESSIBLE,
                    o,
                    "",
                    "values " + other + " are not ClusterMesh settings; dkp-mesh delivers only these, keep the"
                            + " others in the chart's own values");
        }
        row(o, Outcome.MAPPED, "/spec/clusters/" + clusters.indexOf(c) + "/cilium");
    }

    private void buildMeshes(Links links) {
        List<MeshDraft> found = new ArrayList<>();
        String[][] models = {{"federation", "istio"}, {"multicluster", "istio"}, {"cilium", "cilium"}};
        for (String[] model : models) {
            Map<String, FleetObject> directed = links.byModel.getOrDefault(model[0], Map.of());
            Set<String> pairs = new LinkedHashSet<>();
            directed.forEach((key, o) -> {
                String[] ends = key.split("\u0000");
                if (links.has(model[0], ends[1], ends[0])) {
                    pairs.add(ends[0].compareTo(ends[1]) < 0 ? key : ends[1] + "\u0000" + ends[0]);
                } else {
                    finding(
                            FindingCode.IMPORT_ONE_SIDED,
                            o,
                            "",
                            "cluster " + ends[1] + " has no "
                                    + (model[0].equals("cilium") ? "ClusterMesh peer" : o.kind())
                                    + " for " + ends[0] + "; a one-sided pair is not a mesh: add the other half, or"
                                    + " remove this one");
                    row(o, Outcome.NOT_EXPRESSIBLE, "one-sided pair: " + ends[1] + " does not name " + ends[0]);
                }
            });
            for (List<String> members : groups(pairs)) {
                String type = model[0].equals("cilium") ? "multicluster" : model[0];
                MeshDraft draft = new MeshDraft(type, model[1], members);
                draft.hubs = hubs(members, pairs);
                found.add(draft);
            }
        }
        // a cluster with Istio objects of its own but no Istio peers: a single mesh
        for (String c : clusters) {
            boolean inIstio = found.stream().anyMatch(m -> m.provider.equals("istio") && m.members.contains(c));
            boolean istioObjects = open().stream()
                    .anyMatch(o -> o.cluster().equals(c)
                            && (o.kind().equals("DestinationRule")
                                    || o.kind().equals("AuthorizationPolicy")
                                    || (o.kind().equals("ModuleConfig")
                                            && o.name().equals("istio"))));
            if (!inIstio && istioObjects) {
                found.add(new MeshDraft("single", "istio", List.of(c)));
            }
        }
        // a Cilium mesh whose members guard their namespaces from each other is a federation
        for (MeshDraft m : found) {
            if (m.provider.equals("cilium")) {
                boolean boundary = objects.stream()
                        .anyMatch(o -> m.members.contains(o.cluster())
                                && o.kind().startsWith("Cilium")
                                && !Tree.list(o.spec(), "ingressDeny").isEmpty());
                if (boundary) {
                    MeshDraft federation = new MeshDraft("federation", "cilium", m.members);
                    federation.hubs = m.hubs;
                    found.set(found.indexOf(m), federation);
                }
            }
        }
        // names and order: the clusters file's meshes of the same provider, type and members first
        List<Map<String, Object>> named = facts.meshes();
        List<MeshDraft> ordered = new ArrayList<>();
        for (Map<String, Object> n : named) {
            for (MeshDraft m : found) {
                if (m.name == null
                        && m.provider.equals(n.get("provider"))
                        && m.type.equals(n.get("type"))
                        && Set.copyOf(m.members).equals(Set.copyOf(Tree.list(n, "clusters")))) {
                    m.name = (String) n.get("name");
                    ordered.add(m);
                    break;
                }
            }
        }
        for (MeshDraft m : found) {
            if (m.name == null) {
                m.name = ciliumMeshName(m).orElse(m.provider + "-" + m.type);
                String base = m.name;
                for (int i = 2; nameTaken(ordered, m.name); i++) {
                    m.name = base + "-" + i;
                }
                ordered.add(m);
            }
        }
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).index = i;
        }
        meshes.addAll(ordered);
        for (MeshDraft m : meshes) {
            if (m.provider.equals("cilium")) {
                m.maxConnectedClusters = m.members.stream()
                        .map(c -> derived.get(c).get("ciliumMax"))
                        .filter(Long.class::isInstance)
                        .map(Long.class::cast)
                        .findFirst()
                        .orElse(null);
            }
            if (m.type.equals("multicluster") && m.provider.equals("istio")) {
                m.flatNetwork = m.members.stream()
                        .flatMap(a -> m.members.stream().map(b -> derived.get(a + "|" + b)))
                        .filter(Objects::nonNull)
                        .anyMatch(d -> Boolean.FALSE.equals(d.get("gateway")));
            }
        }
        // the peer objects themselves
        for (MeshDraft m : meshes) {
            String model = m.provider.equals("cilium") ? "cilium" : m.type;
            for (String a : m.members) {
                for (String b : m.members) {
                    FleetObject o = links.byModel.getOrDefault(model, Map.of()).get(a + "\u0000" + b);
                    if (o != null && !model.equals("cilium")) {
                        row(o, Outcome.MAPPED, m.pointer() + "/clusters (" + b + ")");
                    }
                }
            }
        }
    }

    private static boolean nameTaken(List<MeshDraft> meshes, String name) {
        return meshes.stream().anyMatch(m -> name.equals(m.name));
    }

    /** A Cilium mesh is named in its rendered policies' descriptions: {@code ... of mesh <name>: ...}. */
    private Optional<String> ciliumMeshName(MeshDraft m) {
        if (!m.provider.equals("cilium")) {
            return Optional.empty();
        }
        Pattern described = Pattern.compile("^dkp-mesh (?:access rule of mesh|federation) ([a-z0-9-]+):");
        return objects.stream()
                .filter(o -> m.members.contains(o.cluster()) && o.kind().startsWith("Cilium"))
                .map(o -> Tree.string(o.spec(), "description")
                        .map(described::matcher)
                        .orElse(null))
                .filter(matcher -> matcher != null && matcher.find())
                .map(matcher -> matcher.group(1))
                .findFirst();
    }

    /**
     * Meshes from two-sided pairs: a connected group whose members all pair up is one mesh; any other
     * group is one mesh per pair, which renders the same peer objects.
     */
    private List<List<String>> groups(Set<String> pairs) {
        Map<String, Set<String>> adjacent = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] ends = pair.split("\u0000");
            adjacent.computeIfAbsent(ends[0], k -> new LinkedHashSet<>()).add(ends[1]);
            adjacent.computeIfAbsent(ends[1], k -> new LinkedHashSet<>()).add(ends[0]);
        }
        List<List<String>> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String start : clusters) {
            if (!adjacent.containsKey(start) || seen.contains(start)) {
                continue;
            }
            Set<String> group = new LinkedHashSet<>();
            List<String> todo = new ArrayList<>(List.of(start));
            while (!todo.isEmpty()) {
                String c = todo.remove(0);
                if (group.add(c)) {
                    todo.addAll(adjacent.get(c));
                }
            }
            seen.addAll(group);
            List<String> members = clusters.stream().filter(group::contains).toList();
            boolean complete = members.stream().allMatch(c -> adjacent.get(c).size() == members.size() - 1);
            if (complete || !hubs(members, pairs).isEmpty()) {
                out.add(members);
            } else {
                for (String pair : pairs) {
                    String[] ends = pair.split("\u0000");
                    if (group.contains(ends[0])) {
                        out.add(clusters.stream()
                                .filter(c -> c.equals(ends[0]) || c.equals(ends[1]))
                                .toList());
                    }
                }
            }
        }
        return out;
    }

    /**
     * The hubs of a group that is a hub-and-spoke mesh (Mesh.peersOf): some members pair with every
     * other member, and each of the others (the spokes, at least two) pairs with exactly those; empty
     * for a full mesh or any other shape.
     */
    private static List<String> hubs(List<String> members, Set<String> pairs) {
        Map<String, Set<String>> adjacent = new LinkedHashMap<>();
        members.forEach(m -> adjacent.put(m, new LinkedHashSet<>()));
        for (String pair : pairs) {
            String[] ends = pair.split("\u0000");
            if (adjacent.containsKey(ends[0]) && adjacent.containsKey(ends[1])) {
                adjacent.get(ends[0]).add(ends[1]);
                adjacent.get(ends[1]).add(ends[0]);
            }
        }
        List<String> hubs = members.stream()
                .filter(m -> adjacent.get(m).size() == members.size() - 1)
                .toList();
        List<String> spokes = members.stream().filter(m -> !hubs.contains(m)).toList();
        if (hubs.isEmpty() || spokes.size() < 2) {
            return List.of();
        }
        Set<String> hubSet = Set.copyOf(hubs);
        return spokes.stream().allMatch(s -> adjacent.get(s).equals(hubSet)) ? hubs : List.of();
    }

    private List<MeshDraft> meshesOf(String cluster, String provider) {
        return meshes.stream()
                .filter(m -> m.provider.equals(provider) && m.members.contains(cluster))
                .toList();
    }

    private Optional<MeshDraft> meshOf(String cluster, String provider, String type) {
        return meshesOf(cluster, provider).stream()
                .filter(m -> type == null || m.type.equals(type))
                .findFirst();
    }

    // ---- module settings ------------------------------------------------------------------------

    private void moduleConfig(FleetObject o) {
        if (!o.group().equals("deckhouse.io")) {
            return;
        }
        if (Tree.bool(o.spec(), "enabled").filter(b -> !b).isPresent()) {
            notExpressible(o, "/spec/enabled", "the istio module is switched off here; dkp-mesh renders it on");
            return;
        }
        Optional<Long> version = Tree.integer(o.spec(), "version");
        if (version.isPresent() && version.get() != 2) {
            notExpressible(
                    o,
                    "/spec/version",
                    "settings version " + version.get() + "; moduleSettings.istio are written in settings version 2"
                            + " (let DKP convert the ModuleConfig, then import again)");
            return;
        }
        String c = o.cluster();
        Map<String, Object> settings = copy(Tree.map(o.spec(), "settings"));
        List<String> where = new ArrayList<>();
        Optional<MeshDraft> federation = meshOf(c, "istio", "federation");
        Optional<MeshDraft> multicluster = meshOf(c, "istio", "multicluster");
        federation.ifPresent(m -> removeLeaf(settings, true, "federation", "enabled"));
        multicluster.ifPresent(m -> removeLeaf(settings, true, "multicluster", "enabled"));
        Optional<MeshDraft> gatewayMesh = federation.or(() -> multicluster);
        if (gatewayMesh.isPresent()) {
            MeshDraft m = gatewayMesh.get();
            Optional<String> inlet = Tree.string(settings, "alliance", "ingressGateway", "inlet");
            Optional<Long> nodePort = Tree.integer(settings, "alliance", "ingressGateway", "nodePort", "port");
            removeLeaf(settings, null, "alliance", "ingressGateway", "inlet");
            removeLeaf(settings, null, "alliance", "ingressGateway", "nodePort", "port");
            if (inlet.filter("NodePort"::equals).isPresent() && m.ingressGateway == null) {
                Map<String, Object> gateway = new LinkedHashMap<>();
                gateway.put("inlet", "NodePort");
                nodePort.ifPresent(p -> gateway.put("nodePort", p));
                m.ingressGateway = gateway;
            }
            where.add(m.pointer() + "/ingressGateway");
        }
        prune(settings);
        if (!settings.isEmpty()) {
            moduleSettings.put(c, settings);
            where.add("/spec/clusters/" + clusters.indexOf(c) + "/moduleSettings/istio");
        }
        if (!o.rendered() && !o.name().equals("istio")) {
            rename(o, "istio");
        }
        row(
                o,
                Outcome.MAPPED,
                where.isEmpty() ? "nothing to keep: the meshes own every setting" : String.join(", ", where));
    }

    private static void removeLeaf(Map<String, Object> root, Object only, String... path) {
        Object at = root;
        for (int i = 0; i < path.length - 1; i++) {
            at = at instanceof Map<?, ?> map ? map.get(path[i]) : null;
        }
        if (at instanceof Map<?, ?> map && (only == null || only.equals(map.get(path[path.length - 1])))) {
            map.remove(path[path.length - 1]);
        }
    }

    private static void prune(Map<String, Object> map) {
        map.values().forEach(v -> {
            if (v instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) child;
                prune(c);
            }
        });
        map.values().removeIf(v -> v instanceof Map<?, ?> child && child.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return out;
    }

    // ---- exports, global Services ---------------------------------------------------------------

    private void component(FleetObject o) {
        List<String> where = new ArrayList<>();
        List<Object> patches = Tree.list(o.body(), "patches");
        for (int i = 0; i < patches.size(); i++) {
            Object patch = patches.get(i);
            Optional<String> path = Tree.string(patch, "path");
            Map<String, Object> target = Tree.map(patch, "target");
            if (path.isEmpty() || !"Service".equals(target.get("kind"))) {
                notExpressible(o, "/patches/" + i, "a patch dkp-mesh does not render (only Service patch files)");
                return;
            }
            String file = normalise(o.folder() + "/" + path.get());
            Optional<FleetObject> patchObject = objects.stream()
                    .filter(p -> p.file().equals(file) && p.kind().equals("Service"))
                    .findFirst();
            if (patchObject.isEmpty()) {
                notExpressible(
                        o,
                        "/patches/" + i + "/path",
                        "the patch file " + Text.quote(path.get()) + " is not in the import");
                return;
            }
            FleetObject p = patchObject.get();
            Optional<String> ns = Tree.string(target, "namespace");
            Optional<String> name = Tree.string(target, "name");
            if (ns.isEmpty()) {
                notExpressible(o, "/patches/" + i + "/target", "a patch of Services in every namespace");
                return;
            }
            String pointer = servicePatch(p, ns.get(), name);
            if (pointer == null) {
                notExpressible(o, "/patches/" + i, "the patch sets what no topology field renders");
                return;
            }
            where.add(pointer);
        }
        row(
                o,
                Outcome.MAPPED,
                where.stream().distinct().reduce((a, b) -> a + ", " + b).orElse("no patches"));
    }

    private static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..") && !parts.isEmpty()) {
                parts.remove(parts.size() - 1);
            } else if (!part.equals(".") && !part.isEmpty()) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** A Service patch of a Component: an istio export, Cilium global Services, affinity. The pointer, or null. */
    private String servicePatch(FleetObject p, String ns, Optional<String> name) {
        return ciliumService(p, ns, name, true);
    }

    /**
     * A Service's labels and annotations, from a Component's patch ({@code patch}) or on the Service
     * itself: an istio export, Cilium global Services, affinity. The pointers, or null.
     */
    private String ciliumService(FleetObject p, String ns, Optional<String> name, boolean patch) {
        Map<String, Object> labels = p.labels();
        Map<String, Object> annotations = p.annotations();
        String c = p.cluster();
        if (patch
                && labels.containsKey(PUBLIC_SERVICE)
                && annotations.isEmpty()
                && labels.size() == 1
                && name.isPresent()) {
            return istioExport(p, ns, name.get());
        }
        if ((patch && !labels.isEmpty()) || !"true".equals(annotations.get(CILIUM_GLOBAL))) {
            return null;
        }
        Optional<MeshDraft> mesh = meshOf(c, "cilium", null);
        if (mesh.isEmpty()) {
            return null;
        }
        MeshDraft m = mesh.get();
        List<String> where = new ArrayList<>();
        if (name.isEmpty()) {
            if (!m.namespaces.contains(ns)) {
                m.namespaces.add(ns);
            }
            where.add(m.pointer() + "/namespaces/" + m.namespaces.indexOf(ns));
        } else {
            if (!patch && m.type.equals("multicluster") && !m.namespaces.contains(ns)) {
                return null;
            }
            boolean consumer = "false".equals(annotations.get(CILIUM_SHARED));
            if (m.type.equals("federation") && !consumer) {
                where.add(export(m, c, ns, name.get()));
            }
            Object affinity = annotations.get(CILIUM_AFFINITY);
            if (affinity instanceof String a) {
                String key = ns + "/" + name.get();
                Map<String, Object> rule = m.traffic.computeIfAbsent(key, k -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("namespace", ns);
                    r.put("service", name.get());
                    return r;
                });
                rule.putIfAbsent("affinity", a);
                where.add(m.pointer() + "/traffic/" + m.position(m.traffic, key));
            }
        }
        if (where.isEmpty()) {
            where.add(m.pointer() + "/exports (the consumer side of an export)");
        }
        String pointer = String.join(", ", where);
        row(p, Outcome.MAPPED, pointer);
        return pointer;
    }

    private String export(MeshDraft m, String cluster, String ns, String service) {
        String key = cluster + "/" + ns + "/" + service;
        m.exports.computeIfAbsent(key, k -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cluster", cluster);
            e.put("namespace", ns);
            e.put("service", service);
            return e;
        });
        return m.pointer() + "/exports/" + m.position(m.exports, key);
    }

    private String istioExport(FleetObject p, String ns, String service) {
        Optional<MeshDraft> mesh = meshOf(p.cluster(), "istio", "federation");
        if (mesh.isEmpty()) {
            notExpressible(
                    p,
                    "/metadata/labels",
                    "exports a Service, but cluster " + p.cluster() + " is in no Istio federation of the import");
            return null;
        }
        String pointer = export(mesh.get(), p.cluster(), ns, service);
        row(p, Outcome.MAPPED, pointer);
        return pointer;
    }

    /** A selector-less Service a Cilium federation member gets for another member's export: that export's ports. */
    private void ciliumConsumer(FleetObject o) {
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "cilium", "federation");
        String ns = o.namespace().orElse("default");
        if (mesh.isEmpty() || Tree.get(o.spec(), "selector") != null) {
            return;
        }
        MeshDraft m = mesh.get();
        for (Map.Entry<String, Map<String, Object>> e : m.exports.entrySet()) {
            Map<String, Object> export = e.getValue();
            if (export.get("namespace").equals(ns)
                    && export.get("service").equals(o.name())
                    && !export.get("cluster").equals(o.cluster())) {
                List<Object> ports = new ArrayList<>();
                for (Object port : Tree.list(o.spec(), "ports")) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    Tree.string(port, "name").ifPresent(n -> out.put("name", n));
                    Tree.integer(port, "port").ifPresent(n -> out.put("port", n));
                    Tree.string(port, "protocol")
                            .filter(pr -> !pr.equals("TCP"))
                            .ifPresent(pr -> out.put("protocol", pr));
                    ports.add(out);
                }
                export.putIfAbsent("ports", ports);
                row(o, Outcome.MAPPED, m.pointer() + "/exports/" + m.position(m.exports, e.getKey()) + "/ports");
                return;
            }
        }
    }

    // ---- traffic --------------------------------------------------------------------------------

    private static final List<Pattern> DESTINATION_RULE_FIELDS = patterns(
            "/spec/host",
            "/spec/trafficPolicy/tls/mode",
            "/spec/trafficPolicy/connectionPool/tcp/maxConnections",
            "/spec/trafficPolicy/connectionPool/http/http1MaxPendingRequests",
            "/spec/trafficPolicy/outlierDetection/(consecutive5xxErrors|interval|baseEjectionTime|maxEjectionPercent)",
            "/spec/trafficPolicy/loadBalancer/localityLbSetting/enabled",
            "/spec/trafficPolicy/loadBalancer/localityLbSetting/failover/\\*/(from|to)",
            "/spec/trafficPolicy/loadBalancer/localityLbSetting/distribute/\\*/from",
            "/spec/trafficPolicy/loadBalancer/localityLbSetting/distribute/\\*/to/.+",
            "/spec/subsets/\\*/name",
            "/spec/subsets/\\*/labels/[^/]+");

    private void destinationRule(FleetObject o) {
        Optional<String> field = unknownField(o, DESTINATION_RULE_FIELDS);
        if (field.isPresent()) {
            notExpressible(o, field.get(), "a traffic rule renders no such DestinationRule field");
            return;
        }
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
            return;
        }
        Map<String, Object> spec = o.spec();
        String host = Tree.string(spec, "host").orElse("");
        String[] labels = host.split("\\.");
        String service = labels[0];
        String ns = o.namespace().orElse(labels.length > 1 ? labels[1] : "default");
        if (labels.length > 1 && !labels[1].equals(ns)) {
            notExpressible(o, "/spec/host", "the host is a Service of another namespace");
            return;
        }
        Optional<String> tls = Tree.string(spec, "trafficPolicy", "tls", "mode");
        if (tls.isPresent() && !tls.get().equals("ISTIO_MUTUAL")) {
            notExpressible(o, "/spec/trafficPolicy/tls/mode", "dkp-mesh sets only ISTIO_MUTUAL (for remote exports)");
            return;
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("service", service);
        rule.put("namespace", ns);
        Map<String, Object> policy = Tree.map(spec, "trafficPolicy");
        Map<String, Object> breaker = new LinkedHashMap<>();
        Tree.integer(policy, "connectionPool", "tcp", "maxConnections")
                .ifPresent(v -> breaker.put("maxConnections", v));
        Tree.integer(policy, "connectionPool", "http", "http1MaxPendingRequests")
                .ifPresent(v -> breaker.put("maxPendingRequests", v));
        Map<String, Object> outlier = Tree.map(policy, "outlierDetection");
        Tree.integer(outlier, "consecutive5xxErrors").ifPresent(v -> breaker.put("consecutive5xxErrors", v));
        Tree.string(outlier, "interval").ifPresent(v -> breaker.put("interval", v));
        Tree.string(outlier, "baseEjectionTime").ifPresent(v -> breaker.put("baseEjectionTime", v));
        Tree.integer(outlier, "maxEjectionPercent").ifPresent(v -> breaker.put("maxEjectionPercent", v));
        if (!breaker.isEmpty()) {
            rule.put("circuitBreaker", breaker);
        }
        Map<String, Object> locality = Tree.map(policy, "loadBalancer", "localityLbSetting");
        List<Object> failover = new ArrayList<>();
        for (Object f : Tree.list(locality, "failover")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", Tree.string(f, "from").orElse(""));
            out.put("to", Tree.string(f, "to").orElse(""));
            failover.add(out);
        }
        List<Object> distribute = new ArrayList<>();
        for (Object d : Tree.list(locality, "distribute")) {
            Optional<String> from = Tree.string(d, "from").flatMap(Importer::region);
            Map<String, Object> to = new LinkedHashMap<>();
            boolean regions = from.isPresent();
            for (Map.Entry<String, Object> w : Tree.map(d, "to").entrySet()) {
                Optional<String> region = region(w.getKey());
                regions &= region.isPresent() && w.getValue() instanceof Long;
                region.ifPresent(r -> to.put(r, w.getValue()));
            }
            if (!regions) {
                notExpressible(
                        o,
                        "/spec/trafficPolicy/loadBalancer/localityLbSetting/distribute",
                        "distribute by zone; the topology's distribute is by region (<region>/*)");
                return;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", from.get());
            out.put("to", to);
            distribute.add(out);
        }
        if (!locality.isEmpty() && failover.isEmpty() && distribute.isEmpty()) {
            notExpressible(
                    o,
                    "/spec/trafficPolicy/loadBalancer/localityLbSetting",
                    "locality settings without failover or distribute");
            return;
        }
        if (!failover.isEmpty()) {
            rule.put("failover", failover);
        }
        if (!distribute.isEmpty()) {
            rule.put("distribute", distribute);
        }
        List<Object> subsets = Tree.list(spec, "subsets");
        if (!subsets.isEmpty()) {
            Map<String, Object> stable = Tree.map(subsetNamed(subsets, "stable"), "labels");
            Map<String, Object> canary = Tree.map(subsetNamed(subsets, "canary"), "labels");
            if (subsets.size() != 2 || stable.size() != 1 || !stable.keySet().equals(canary.keySet())) {
                notExpressible(o, "/spec/subsets", "subsets other than stable and canary by one pod label");
                return;
            }
            String label = stable.keySet().iterator().next();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("stable", String.valueOf(stable.get(label)));
            c.put("canary", String.valueOf(canary.get(label)));
            c.put("weight", -1L);
            if (!label.equals("version")) {
                c.put("versionLabel", label);
            }
            rule.put("canary", c);
        }
        MeshDraft m = mesh.get();
        String key = ns + "/" + service;
        Map<String, Object> earlier = m.traffic.get(key);
        if (earlier == null) {
            m.traffic.put(key, rule);
        } else if (!sameRule(earlier, rule)) {
            finding(
                    FindingCode.IMPORT_DISAGREE,
                    o,
                    "/spec",
                    "differs from the DestinationRule of " + key + " in another member of mesh " + m.name
                            + "; the render writes one rule for every member, the first is taken");
        }
        if (!o.name().equals(service)) {
            rename(o, service);
        }
        row(o, Outcome.MAPPED, m.pointer() + "/traffic/" + m.position(m.traffic, key));
    }

    private static boolean sameRule(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> x = new LinkedHashMap<>(a);
        Map<String, Object> y = new LinkedHashMap<>(b);
        Object canaryA = x.remove("canary");
        Object canaryB = y.remove("canary");
        return x.equals(y) && (canaryA == null) == (canaryB == null);
    }

    private static Object subsetNamed(List<Object> subsets, String name) {
        return subsets.stream()
                .filter(s -> name.equals(Tree.get(s, "name")))
                .findFirst()
                .orElse(Map.of());
    }

    private static Optional<String> region(String locality) {
        Matcher m = REGION_LOCALITY.matcher(locality);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static final List<Pattern> VIRTUAL_SERVICE_FIELDS = patterns(
            "/spec/hosts/\\*",
            "/spec/(http|tcp)/\\*/route/\\*/destination/(host|subset)",
            "/spec/(http|tcp)/\\*/route/\\*/weight");

    private void virtualService(FleetObject o) {
        Optional<String> field = unknownField(o, VIRTUAL_SERVICE_FIELDS);
        if (field.isPresent()) {
            notExpressible(o, field.get(), "a canary renders no such VirtualService field");
            return;
        }
        String host = Tree.list(o.spec(), "hosts").stream()
                .findFirst()
                .map(String::valueOf)
                .orElse("");
        String service = host.split("\\.")[0];
        String ns = o.namespace().orElse("default");
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "istio", null);
        Map<String, Object> rule =
                mesh.map(m -> m.traffic.get(ns + "/" + service)).orElse(null);
        if (rule == null || !(rule.get("canary") instanceof Map<?, ?>)) {
            notExpressible(o, "/spec/hosts", "a VirtualService without the DestinationRule subsets of a canary");
            return;
        }
        Long canaryWeight = null;
        for (String protocol : List.of("http", "tcp")) {
            for (Object route : Tree.list(o.spec(), protocol)) {
                for (Object destination : Tree.list(route, "route")) {
                    if ("canary".equals(Tree.get(destination, "destination", "subset"))) {
                        Long w = Tree.integer(destination, "weight").orElse(0L);
                        if (canaryWeight != null && !canaryWeight.equals(w)) {
                            notExpressible(o, "/spec/" + protocol, "HTTP and TCP routes split differently");
                            return;
                        }
                        canaryWeight = w;
                    }
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> canary = (Map<String, Object>) rule.get("canary");
        canary.put("weight", canaryWeight == null ? 0L : canaryWeight);
        MeshDraft m = mesh.get();
        if (!o.name().equals(service)) {
            rename(o, service);
        }
        row(o, Outcome.MAPPED, m.pointer() + "/traffic/" + m.position(m.traffic, ns + "/" + service) + "/canary");
    }

    // ---- access ---------------------------------------------------------------------------------

    private static final List<Pattern> AUTHORIZATION_POLICY_FIELDS = patterns(
            "/spec/selector/matchLabels/[^/]+",
            "/spec/action",
            "/spec/rules/\\*/from/\\*/source/(principals|namespaces|ipBlocks)/\\*");

    private void authorizationPolicy(FleetObject o) {
        if (o.namespace().filter("d8-istio"::equals).isPresent()
                && o.name().equals("dkp-mesh.federation-boundary")
                && Tree.string(o.spec(), "action").filter("DENY"::equals).isPresent()) {
            // IstioPlanner's DENY policy on DKP's ingress gateway, from the exports of the member
            row(
                    o,
                    Outcome.GENERATED_BY_DKP_MESH,
                    "the federation boundary of the ingress gateway, rendered from the mesh's exports");
            return;
        }
        Optional<String> field = unknownField(o, AUTHORIZATION_POLICY_FIELDS);
        if (field.isPresent()) {
            notExpressible(o, field.get(), "an access rule renders only ALLOW policies by caller identity");
            return;
        }
        if (!Tree.string(o.spec(), "action").orElse("ALLOW").equals("ALLOW")
                || Tree.list(o.spec(), "rules").size() != 1) {
            notExpressible(o, "/spec/action", "an access rule renders one ALLOW rule");
            return;
        }
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
            return;
        }
        MeshDraft m = mesh.get();
        String ns = o.namespace().orElse("default");
        Map<String, Object> selector = Tree.map(o.spec(), "selector", "matchLabels");
        Optional<String> service = Optional.empty();
        Map<String, Object> workloadLabels = Map.of();
        if (!selector.isEmpty()) {
            if (selector.size() == 1 && selector.get("app") instanceof String app) {
                service = Optional.of(app);
            } else if (o.name().startsWith("dkp-mesh.")) {
                service = Optional.of(o.name().substring("dkp-mesh.".length()));
                workloadLabels = selector;
            } else {
                notExpressible(
                        o,
                        "/spec/selector",
                        "selects pods by labels other than app: <service>, so no Service names it");
                return;
            }
        }
        List<Object> from = new ArrayList<>();
        for (Object source : Tree.list(Tree.list(o.spec(), "rules").get(0), "from")) {
            Optional<List<Map<String, Object>>> callers = istioCallers(m, Tree.map(source, "source"));
            if (callers.isEmpty()) {
                notExpressible(
                        o,
                        "/spec/rules/0/from",
                        "a source that is neither principals of member trust domains nor a member's pod subnet");
                return;
            }
            callers.get().stream().filter(c -> !from.contains(c)).forEach(from::add);
        }
        String key = accessRule(m, o, ns, service, workloadLabels, from, "/spec/rules");
        String expected = service.map(s -> "dkp-mesh." + s).orElse("dkp-mesh");
        if (!o.name().equals(expected)) {
            rename(o, expected);
        }
        row(o, Outcome.MAPPED, m.pointer() + "/access/" + m.position(m.access, key));
    }

    private static final List<Pattern> PEER_AUTHENTICATION_FIELDS = patterns("/spec/mtls/mode");

    /**
     * A namespace-wide PeerAuthentication with mode STRICT is the {@code mtls: STRICT} of the
     * cluster's Istio mesh (IstioPlanner renders one, named dkp-mesh, in each namespace the mesh
     * protects); any other mode, a selector or port-level modes no field renders.
     */
    private void peerAuthentication(FleetObject o) {
        Optional<String> field = unknownField(o, PEER_AUTHENTICATION_FIELDS);
        if (field.isPresent()) {
            notExpressible(o, field.get(), "a mesh's mtls renders only a namespace-wide mode");
            return;
        }
        if (!Tree.string(o.spec(), "mtls", "mode").orElse("").equals("STRICT")) {
            notExpressible(o, "/spec/mtls", "a mesh's mtls renders a PeerAuthentication only for STRICT");
            return;
        }
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
            return;
        }
        mesh.get().mtls = "STRICT";
        if (!o.name().equals("dkp-mesh")) {
            rename(o, "dkp-mesh");
        }
        row(o, Outcome.MAPPED, mesh.get().pointer() + "/mtls");
    }

    /** The callers one AuthorizationPolicy source stands for, as the render writes them; empty when none fit. */
    private Optional<List<Map<String, Object>>> istioCallers(MeshDraft m, Map<String, Object> source) {
        List<Object> principals = Tree.list(source, "principals");
        List<Object> namespaces = Tree.list(source, "namespaces");
        List<Object> ipBlocks = Tree.list(source, "ipBlocks");
        List<Map<String, Object>> out = new ArrayList<>();
        if (ipBlocks.size() == 1 && principals.size() == 1 && namespaces.isEmpty()) {
            // a multicluster caller narrowed to a service account: its principal and its cluster's pod subnet
            Matcher named = NAMESPACE_PRINCIPAL.matcher(String.valueOf(principals.get(0)));
            Optional<String> cluster = m.members.stream()
                    .filter(c -> ipBlocks.get(0).equals(fact(c, "podSubnetCIDR")))
                    .findFirst();
            if (cluster.isEmpty() || !named.matches() || named.group(3).equals("*")) {
                return Optional.empty();
            }
            out.add(caller(cluster, Optional.of(named.group(2)), Optional.of(named.group(3))));
            return Optional.of(out);
        }
        if (!ipBlocks.isEmpty() && principals.isEmpty() && namespaces.size() <= 1 && ipBlocks.size() == 1) {
            Optional<String> cluster = m.members.stream()
                    .filter(c -> ipBlocks.get(0).equals(fact(c, "podSubnetCIDR")))
                    .findFirst();
            if (cluster.isEmpty()) {
                return Optional.empty();
            }
            out.add(caller(
                    cluster, namespaces.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(namespaces.get(0)))));
            return Optional.of(out);
        }
        if (principals.isEmpty() || !namespaces.isEmpty() || !ipBlocks.isEmpty()) {
            return Optional.empty();
        }
        List<String> domains = m.members.stream()
                .map(c -> (String) fact(c, "clusterDomain"))
                .map(d -> d == null ? "cluster.local" : d)
                .distinct()
                .toList();
        Matcher first = NAMESPACE_PRINCIPAL.matcher(String.valueOf(principals.get(0)));
        if (first.matches()) {
            String ns = first.group(2);
            String account = first.group(3);
            List<Object> everyMember = domains.stream()
                    .map(d -> (Object) (d + "/ns/" + ns + "/sa/" + account))
                    .toList();
            if (principals.equals(everyMember)) {
                out.add(caller(Optional.empty(), Optional.of(ns), Optional.of(account)));
                return Optional.of(out);
            }
        }
        for (Object principal : principals) {
            Matcher named = NAMESPACE_PRINCIPAL.matcher(String.valueOf(principal));
            Matcher whole = CLUSTER_PRINCIPAL.matcher(String.valueOf(principal));
            String domain = named.matches() ? named.group(1) : whole.matches() ? whole.group(1) : null;
            List<String> owners = m.members.stream()
                    .filter(c -> Objects.equals(
                            domain, Objects.requireNonNullElse(fact(c, "clusterDomain"), "cluster.local")))
                    .toList();
            if (owners.size() != 1) {
                return Optional.empty();
            }
            out.add(caller(
                    Optional.of(owners.get(0)),
                    named.matches() ? Optional.of(named.group(2)) : Optional.empty(),
                    named.matches() ? Optional.of(named.group(3)) : Optional.empty()));
        }
        return Optional.of(out);
    }

    /**
     * A caller narrowed to a service account ({@code *}: every one of the namespace); the namespace and
     * service account a DKP platform component runs as is that {@code platform}, as the topology
     * expands it (AccessRule.Platform).
     */
    private static Map<String, Object> caller(
            Optional<String> cluster, Optional<String> namespace, Optional<String> serviceAccount) {
        Optional<String> account = serviceAccount.filter(a -> !a.equals("*"));
        Optional<AccessRule.Platform> platform =
                namespace.flatMap(ns -> account.flatMap(a -> AccessRule.Platform.running(ns, a)));
        if (platform.isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>();
            cluster.ifPresent(c -> out.put("cluster", c));
            out.put("platform", platform.get().label());
            return out;
        }
        Map<String, Object> out = caller(cluster, namespace);
        account.ifPresent(a -> out.put("serviceAccount", a));
        return out;
    }

    private static Map<String, Object> caller(Optional<String> cluster, Optional<String> namespace) {
        Map<String, Object> out = new LinkedHashMap<>();
        cluster.ifPresent(c -> out.put("cluster", c));
        namespace.ifPresent(n -> out.put("namespace", n));
        return out;
    }

    private static final List<Pattern> CILIUM_POLICY_FIELDS = patterns(
            "/spec/description",
            "/spec/endpointSelector",
            "/spec/endpointSelector/matchLabels/[^/]+",
            "/spec/ingress/\\*/fromEndpoints/\\*/matchLabels/[^/]+",
            "/spec/ingress/\\*/fromEndpoints/\\*/matchExpressions/\\*/(key|operator)");

    private void ciliumPolicy(FleetObject o) {
        if (!Tree.list(o.spec(), "ingressDeny").isEmpty()) {
            if (o.rendered()
                    || Tree.string(o.spec(), "description")
                            .filter(d -> d.startsWith("dkp-mesh federation"))
                            .isPresent()) {
                boundary(o);
                row(o, Outcome.GENERATED_BY_DKP_MESH, "the federation boundary, rendered from the mesh's exports");
            } else {
                notExpressible(
                        o,
                        "/spec/ingressDeny",
                        "a deny policy; the topology renders deny rules only as a federation's boundary");
            }
            return;
        }
        Optional<String> field = unknownField(o, CILIUM_POLICY_FIELDS);
        if (field.isPresent()) {
            notExpressible(
                    o, field.get(), "an access rule renders only ingress from endpoints by cluster and namespace");
            return;
        }
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "cilium", null);
        if (mesh.isEmpty() || o.namespace().isEmpty()) {
            notExpressible(o, "/metadata", "not a namespaced policy of a Cilium mesh member");
            return;
        }
        MeshDraft m = mesh.get();
        String ns = o.namespace().get();
        Map<String, Object> selector = Tree.map(o.spec(), "endpointSelector", "matchLabels");
        Optional<String> service = Optional.empty();
        Map<String, Object> workloadLabels = Map.of();
        String named = m.name + "-access-";
        if (!selector.isEmpty()) {
            if (selector.size() == 1 && selector.get("app") instanceof String app) {
                service = Optional.of(app);
            } else if (o.name().startsWith(named) && o.name().length() > named.length()) {
                // the render selects the pods of a Service by the workloadLabels of its export, else
                // by the rule's own (Mesh.ciliumPodSelector)
                String s = o.name().substring(named.length());
                service = Optional.of(s);
                Object exported = m.exports.values().stream()
                        .filter(e -> e.get("namespace").equals(ns)
                                && e.get("service").equals(s))
                        .map(e -> e.get("workloadLabels"))
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
                if (!selector.equals(exported)) {
                    workloadLabels = selector;
                }
            } else {
                notExpressible(
                        o,
                        "/spec/endpointSelector",
                        "selects pods by labels other than app: <service>, and its name names no Service (" + named
                                + "<service>)");
                return;
            }
        }
        List<Object> ingress = Tree.list(o.spec(), "ingress");
        if (ingress.size() != 1) {
            notExpressible(o, "/spec/ingress", "an access rule renders one ingress rule");
            return;
        }
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Object peer : Tree.list(ingress.get(0), "fromEndpoints")) {
            Map<String, Object> labels = Tree.map(peer, "matchLabels");
            Object cluster = labels.get(CILIUM_CLUSTER);
            Object namespace = labels.get(POD_NAMESPACE);
            List<Object> expressions = Tree.list(peer, "matchExpressions");
            boolean anyNamespace = expressions.size() == 1
                    && POD_NAMESPACE.equals(Tree.get(expressions.get(0), "key"))
                    && "Exists".equals(Tree.get(expressions.get(0), "operator"));
            if (!(cluster instanceof String c)
                    || !m.members.contains(c)
                    || labels.size() != (namespace == null ? 1 : 2)
                    || (namespace == null) != anyNamespace) {
                notExpressible(
                        o,
                        "/spec/ingress/0/fromEndpoints",
                        "a peer selector that is not a member cluster (io.cilium.k8s.policy.cluster) with a namespace or any namespace");
                return;
            }
            peers.add(caller(Optional.of(c), Optional.ofNullable((String) namespace)));
        }
        // a namespace in every member, in the mesh's order, is a namespace caller
        List<Object> from = new ArrayList<>();
        for (int i = 0; i < peers.size(); ) {
            Object ns0 = peers.get(i).get("namespace");
            boolean run = ns0 != null && i + m.members.size() <= peers.size();
            for (int j = 0; run && j < m.members.size(); j++) {
                Map<String, Object> p = peers.get(i + j);
                run = m.members.get(j).equals(p.get("cluster")) && ns0.equals(p.get("namespace"));
            }
            if (run && m.members.size() > 1) {
                from.add(caller(Optional.empty(), Optional.of((String) ns0)));
                i += m.members.size();
            } else {
                from.add(peers.get(i));
                i++;
            }
        }
        String key = accessRule(m, o, ns, service, workloadLabels, from, "/spec/ingress");
        String expected = m.name + "-access" + service.map(s -> "-" + s).orElse("");
        if (!o.name().equals(expected)) {
            rename(o, expected);
        }
        row(o, Outcome.MAPPED, m.pointer() + "/access/" + m.position(m.access, key));
    }

    /**
     * The access rule an imported policy amounts to, kept under {@code <namespace>/<service>} of its
     * mesh; a member whose policy for the same target admits other callers is a finding, and the
     * first member's rule is kept. Returns the key.
     */
    private String accessRule(
            MeshDraft m,
            FleetObject o,
            String ns,
            Optional<String> service,
            Map<String, Object> workloadLabels,
            List<Object> from,
            String fromPointer) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("namespace", ns);
        service.ifPresent(s -> rule.put("service", s));
        if (!workloadLabels.isEmpty()) {
            rule.put("workloadLabels", workloadLabels);
        }
        rule.put("from", from);
        String key = ns + "/" + service.orElse("");
        Map<String, Object> earlier = m.access.putIfAbsent(key, rule);
        if (earlier != null && !earlier.equals(rule)) {
            finding(
                    FindingCode.IMPORT_DISAGREE,
                    o,
                    fromPointer,
                    "admits other callers than the policy of " + key + " in another member of mesh " + m.name
                            + "; the first is taken");
        }
        return key;
    }

    private static final Pattern PORTS_BOUNDARY = Pattern.compile(
            "^dkp-mesh federation [a-z0-9-]+: other members may reach the pods of ([a-z0-9-]+) only on its"
                    + " exported ports$");

    /** The namespaced boundary selectors of each exporter's namespace ({@code cluster/namespace}), for {@link #boundaryWorkloads}. */
    private final Map<String, List<Object>> boundarySelectors = new LinkedHashMap<>();

    /** Exports whose workloadLabels a boundary policy of their own Service gave ({@code cluster/namespace/service}). */
    private final Set<String> labelledExports = new java.util.HashSet<>();

    /**
     * What a federation boundary policy tells of the exports: the ports policy of an export selects
     * exactly its pods (CiliumPlanner.boundary: the export's workloadLabels, by default {@code app:
     * <service>}); the namespace's boundary selects the pods carrying none of the exports' labels, kept
     * for {@link #boundaryWorkloads}.
     */
    private void boundary(FleetObject o) {
        Optional<MeshDraft> mesh = meshOf(o.cluster(), "cilium", "federation");
        if (mesh.isEmpty() || o.namespace().isEmpty()) {
            return;
        }
        String ns = o.namespace().get();
        Matcher ports =
                PORTS_BOUNDARY.matcher(Tree.string(o.spec(), "description").orElse(""));
        if (!ports.matches()) {
            if (o.name().startsWith(mesh.get().name + "-federation-boundary")) {
                boundarySelectors
                        .computeIfAbsent(o.cluster() + "/" + ns, k -> new ArrayList<>())
                        .add(Tree.get(o.spec(), "endpointSelector"));
            }
            return;
        }
        String key = o.cluster() + "/" + ns + "/" + ports.group(1);
        Map<String, Object> export = mesh.get().exports.get(key);
        Map<String, Object> labels = Tree.map(o.spec(), "endpointSelector", "matchLabels");
        if (export == null || labels.isEmpty()) {
            return;
        }
        labelledExports.add(key);
        if (!labels.equals(Map.of("app", ports.group(1)))) {
            export.putIfAbsent("workloadLabels", new LinkedHashMap<>(labels));
        }
    }

    /**
     * The workloadLabels of an export without ports (so without a ports policy): the labels the
     * namespace's boundary excludes (its {@code NotIn} values) that no other export of the namespace
     * carries, when it is the only such export there; {@code app: <service>} (nothing to write) when
     * those are just that default or nothing is left.
     */
    private void boundaryWorkloads() {
        for (MeshDraft m : meshes) {
            if (!m.provider.equals("cilium") || !m.type.equals("federation")) {
                continue;
            }
            boundarySelectors.forEach((where, selectors) -> {
                List<Map<String, Object>> here = m.exports.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(where + "/"))
                        .map(Map.Entry::getValue)
                        .toList();
                List<Map<String, Object>> open = here.stream()
                        .filter(e -> !labelledExports.contains(
                                e.get("cluster") + "/" + e.get("namespace") + "/" + e.get("service")))
                        .toList();
                if (open.size() != 1) {
                    return;
                }
                Map<String, Object> export = open.get(0);
                Set<List<String>> excluded = new LinkedHashSet<>();
                for (Object selector : selectors) {
                    for (Object expression : Tree.list(selector, "matchExpressions")) {
                        if (!"NotIn".equals(Tree.get(expression, "operator"))
                                || !(Tree.get(expression, "key") instanceof String k)) {
                            continue;
                        }
                        Tree.list(expression, "values").forEach(v -> excluded.add(List.of(k, String.valueOf(v))));
                    }
                }
                for (Map<String, Object> other : here) {
                    if (other == export) {
                        continue;
                    }
                    Object given = other.get("workloadLabels");
                    Map<String, Object> labels =
                            given instanceof Map<?, ?> ? Tree.map(given) : Map.of("app", other.get("service"));
                    labels.forEach((k, v) -> excluded.remove(List.of(k, String.valueOf(v))));
                }
                Map<String, Object> labels = new TreeMap<>();
                excluded.forEach(pair -> labels.put(pair.get(0), pair.get(1)));
                if (!labels.isEmpty() && !labels.equals(Map.of("app", export.get("service")))) {
                    export.putIfAbsent("workloadLabels", new LinkedHashMap<>(labels));
                }
            });
        }
    }

    // ---- everything else ------------------------------------------------------------------------

    private static final Set<String> DELIVERY_GROUPS =
            Set.of("argoproj.io", "kustomize.toolkit.fluxcd.io", "source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io");

    private void leftOver(FleetObject o) {
        Map<String, Object> labels = o.labels();
        if ("deckhouse".equals(labels.get("heritage"))
                || o.namespace().filter(ns -> ns.startsWith("d8-")).isPresent()
                || o.name().startsWith("d8-")) {
            row(
                    o,
                    Outcome.GENERATED_BY_DKP,
                    "DKP creates and owns it (metadata.labels.heritage: deckhouse or a d8- name)");
        } else if (o.kind().equals("Kustomization") && o.group().equals("kustomize.config.k8s.io")) {
            row(o, Outcome.LEFT_OUT, "a Kustomize build file, not an object; the render writes its own");
        } else if (DELIVERY_GROUPS.contains(o.group())) {
            row(
                    o,
                    Outcome.LEFT_OUT,
                    "delivery; the render writes its own from spec.gitops (give it in the clusters file)");
        } else if (o.rendered()) {
            row(o, Outcome.GENERATED_BY_DKP_MESH, "rendered by dkp-mesh from what the topology already holds");
        } else if (o.kind().equals("Service")) {
            notExpressible(o, "/spec", "an application's Service; the render patches Services, it does not write them");
        } else {
            notExpressible(
                    o,
                    "/kind",
                    "no topology field renders a " + (o.kind().isEmpty() ? "document without kind" : o.kind()));
        }
    }

    // ---- the topology -----------------------------------------------------------------------------

    private Object fact(String cluster, String key) {
        Object given = facts.of(cluster).get(key);
        return given != null ? given : derived.getOrDefault(cluster, Map.of()).get(key);
    }

    private Map<String, Object> topology(List<String> placeholders, Map<String, String> certificates) {
        Map<String, Object> spec = new LinkedHashMap<>();
        facts.gitops().ifPresent(g -> spec.put("gitops", g));
        List<Object> clusterList = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            clusterList.add(cluster(i, placeholders, certificates));
        }
        spec.put("clusters", clusterList);
        if (!meshes.isEmpty()) {
            List<Object> meshList = new ArrayList<>();
            for (MeshDraft m : meshes) {
                for (Map<String, Object> t : m.traffic.values()) {
                    if (t.get("canary") instanceof Map<?, ?> canary
                            && Long.valueOf(-1).equals(canary.get("weight"))) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> c = (Map<String, Object>) canary;
                        c.put("weight", 0L);
                    }
                }
                meshList.add(m.toMap());
            }
            spec.put("meshes", meshList);
        }
        facts.policies().ifPresent(p -> spec.put("policies", p));
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("apiVersion", "dkp-mesh.io/v1alpha1");
        topology.put("kind", "MeshTopology");
        topology.put("metadata", Map.of("name", facts.name().orElse("imported")));
        topology.put("spec", spec);
        return topology;
    }

    private Map<String, Object> cluster(int index, List<String> placeholders, Map<String, String> certificates) {
        String c = clusters.get(index);
        String pointer = "/spec/clusters/" + index;
        Map<String, Object> out = new LinkedHashMap<>(facts.of(c));
        out.remove("name");
        Map<String, Object> d = derived.get(c);
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("name", c);
        boolean istioPeer = meshes.stream()
                .anyMatch(m -> m.provider.equals("istio") && !m.type.equals("single") && m.members.contains(c));
        boolean federated = meshes.stream()
                .anyMatch(m -> m.provider.equals("istio") && m.type.equals("federation") && m.members.contains(c));
        String[][] required = {
            {"edition", istioPeer ? "EE" : "CE"},
            {"region", "placeholder-region"},
            {"podSubnetCIDR", "10.255." + index + ".0/24"},
            {"serviceSubnetCIDR", "10.254." + index + ".0/24"}
        };
        for (String[] r : required) {
            if (!out.containsKey(r[0])) {
                out.put(r[0], r[1]);
                placeholders.add(pointer + "/" + r[0] + ": " + r[1]);
                findings.add(new Finding(
                        FindingCode.IMPORT_PLACEHOLDER.code(),
                        Severity.WARNING,
                        "topology.yaml",
                        0,
                        0,
                        pointer + "/" + r[0],
                        "cluster " + c + ": no object tells its " + r[0] + " and the clusters file gives none;"
                                + " written as the placeholder " + Text.quote(r[1]) + ", replace it"));
            }
        }
        if (federated && d.get("clusterDomain") instanceof String domain) {
            agree(out, "clusterDomain", domain, c);
        }
        if (istioPeer) {
            if (d.get("publicDomain") instanceof String pd && !out.containsKey("metadataEndpoint")) {
                agree(out, "publicDomain", pd, c);
            }
            if (d.get("metadataEndpoint") instanceof String e) {
                agree(out, "metadataEndpoint", e, c);
            }
            out.remove("metadataCA");
            if (d.get("ca") instanceof String ca) {
                String file = "certs/" + c + "-metadata-ca.pem";
                certificates.put(file, ca);
                out.put("metadataCA", file);
            }
            if (Boolean.TRUE.equals(d.get("metadataInsecureSkipVerify"))) {
                out.put("metadataInsecureSkipVerify", true);
            }
        }
        if (d.containsKey("ciliumId")) {
            Map<String, Object> cilium = new LinkedHashMap<>(Tree.map(out, "cilium"));
            cilium.put("id", d.get("ciliumId"));
            cilium.put("install", "helm");
            Map<String, Object> apiserver = new LinkedHashMap<>(Tree.map(cilium, "apiserver"));
            Optional.ofNullable(d.get("ciliumAddress")).ifPresent(a -> apiserver.put("address", a));
            Optional.ofNullable(d.get("ciliumServiceType"))
                    .filter(t -> !t.equals("LoadBalancer"))
                    .ifPresent(t -> apiserver.put("serviceType", t));
            Optional.ofNullable(d.get("ciliumPort")).ifPresent(p -> apiserver.put("port", p));
            if (!apiserver.isEmpty()) {
                cilium.put("apiserver", apiserver);
            }
            out.put("cilium", cilium);
        }
        Map<String, Object> own = moduleSettings.get(c);
        if (own != null) {
            Map<String, Object> settings = new LinkedHashMap<>(Tree.map(out, "moduleSettings"));
            settings.put("istio", own);
            out.put("moduleSettings", settings);
        } else if (out.get("moduleSettings") instanceof Map<?, ?> settings && settings.containsKey("istio")) {
            Map<String, Object> kept = new LinkedHashMap<>(Tree.map(out, "moduleSettings"));
            kept.remove("istio");
            if (kept.isEmpty()) {
                out.remove("moduleSettings");
            } else {
                out.put("moduleSettings", kept);
            }
        }
        cluster.putAll(out);
        return cluster;
    }

    /** The objects' value wins over the clusters file's: it is what runs. */
    private void agree(Map<String, Object> out, String key, Object value, String cluster) {
        Object given = out.get(key);
        if (given != null && !given.equals(value)) {
            FleetObject o = derivedFrom.get(cluster + "/" + key);
            if (o != null) {
                finding(
                        FindingCode.IMPORT_DISAGREE,
                        o,
                        "",
                        "says " + key + " of " + cluster + " is " + Text.quote(String.valueOf(value))
                                + ", the clusters file " + Text.quote(String.valueOf(given))
                                + "; the objects' value is taken, it is what runs");
            }
        }
        out.put(key, value);
    }

    // ---- fields ---------------------------------------------------------------------------------------

    private static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }

    /** The first field of {@code spec} no pattern allows (kubectl's metadata and status are ignored). */
    private static Optional<String> unknownField(FleetObject o, List<Pattern> allowed) {
        for (String leaf : Tree.leaves(o.body(), "")) {
            if (leaf.startsWith("/metadata")
                    || leaf.startsWith("/status")
                    || leaf.equals("/apiVersion")
                    || leaf.equals("/kind")) {
                continue;
            }
            if (allowed.stream().noneMatch(p -> p.matcher(leaf).matches())) {
                return Optional.of(leaf.replace("/*", "/0"));
            }
        }
        return Optional.empty();
    }
}
