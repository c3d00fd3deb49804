package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Secrets;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Position;
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

/**
 * Rebuilds a topology from a fleet's objects: the inverse of the render, object kind by object
 * kind, so that rendering the result gives the objects back. Peers come in pairs or not at all;
 * an object the topology cannot express whole is kept out and said so, never half copied. What a
 * provider's objects say, its {@link MeshReader} reads, at the stages of {@link #run}.
 */
final class Importer implements MeshReader.Context {

    /** One row of the report. */
    record Row(FleetObject object, Outcome outcome, String where) {}

    private final List<FleetObject> objects;
    private final ClusterFacts facts;
    private final List<MeshReader> readers;
    private final List<String> clusters;
    private final List<Finding> findings;
    private final Map<FleetObject, Row> rows = new IdentityHashMap<>();
    private final List<MeshDraft> meshes = new ArrayList<>();
    /** What the objects say about each cluster (clusterDomain, endpoints, CA, Cilium), first observation wins. */
    private final Map<String, Map<String, Object>> derived = new LinkedHashMap<>();

    private final Map<String, FleetObject> derivedFrom = new LinkedHashMap<>();
    /** Per cluster, the settings of each module the readers read ({@link MeshReader#modules}). */
    private final Map<String, Map<String, Map<String, Object>>> moduleSettings = new LinkedHashMap<>();

    private final List<String> renames = new ArrayList<>();
    private final Links links = new Links();

    Importer(
            List<FleetObject> objects,
            ClusterFacts facts,
            List<String> folders,
            List<Finding> findings,
            List<MeshReader> readers) {
        this.objects = objects;
        this.facts = facts;
        this.findings = findings;
        this.readers = List.copyOf(readers);
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
        stage(MeshReader.Stage.PEERS);
        buildMeshes();
        stage(MeshReader.Stage.MODULE_SETTINGS);
        for (FleetObject o : open()) {
            if (o.kind().equals("Component") && o.group().equals("kustomize.config.k8s.io")) {
                component(o);
            }
        }
        stage(MeshReader.Stage.LABELLED_SERVICES);
        stage(MeshReader.Stage.CONSUMER_SERVICES);
        stage(MeshReader.Stage.GLOBAL_SERVICES);
        stage(MeshReader.Stage.TRAFFIC);
        stage(MeshReader.Stage.ROUTES);
        stage(MeshReader.Stage.BOUNDARIES);
        stage(MeshReader.Stage.ACCESS);
        for (FleetObject o : open()) {
            leftOver(o);
        }
        return topology(placeholders, certificates);
    }

    /** One pass over the objects left: each reader, in the registry's order, reads each object; then each finishes. */
    private void stage(MeshReader.Stage stage) {
        for (FleetObject o : open()) {
            for (MeshReader reader : readers) {
                reader.read(stage, o, this);
            }
        }
        readers.forEach(reader -> reader.finish(stage, this));
    }

    // ---- what a reader may ask and tell ---------------------------------------------------------

    @Override
    public List<FleetObject> objects() {
        return objects;
    }

    @Override
    public List<String> clusters() {
        return clusters;
    }

    @Override
    public Map<String, Object> facts(String cluster) {
        return facts.of(cluster);
    }

    @Override
    public Map<String, Object> derived(String key) {
        return derived.getOrDefault(key, Map.of());
    }

    @Override
    public List<MeshDraft> meshes() {
        return meshes;
    }

    @Override
    public void link(String model, String from, String to, FleetObject o) {
        links.add(model, from, to, o);
    }

    @Override
    public void moduleSettings(String cluster, String module, Map<String, Object> settings) {
        moduleSettings.computeIfAbsent(cluster, k -> new LinkedHashMap<>()).put(module, settings);
    }

    // ---- objects nothing else may read -------------------------------------------------------

    @Override
    public List<FleetObject> open() {
        return objects.stream().filter(o -> !rows.containsKey(o)).toList();
    }

    @Override
    public void row(FleetObject o, Outcome outcome, String where) {
        rows.putIfAbsent(o, new Row(o, outcome, where));
    }

    @Override
    public void finding(FindingCode code, FleetObject o, String pointer, String message) {
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

    @Override
    public void notExpressible(FleetObject o, String field, String reason) {
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

    /** Directed peer links by model ({@link MeshReader.Peers}), each with the object that says it. */
    private static final class Links {
        final Map<String, Map<String, FleetObject>> byModel = new TreeMap<>();

        void add(String model, String from, String to, FleetObject o) {
            byModel.computeIfAbsent(model, k -> new LinkedHashMap<>()).putIfAbsent(from + "\u0000" + to, o);
        }

        boolean has(String model, String from, String to) {
            return byModel.getOrDefault(model, Map.of()).containsKey(from + "\u0000" + to);
        }
    }

    @Override
    public void rename(FleetObject o, String renderedName) {
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

    @Override
    public void observe(String cluster, String key, Object value, FleetObject o) {
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

    private void buildMeshes() {
        List<MeshDraft> found = new ArrayList<>();
        for (MeshReader.Peers model :
                readers.stream().flatMap(reader -> reader.peers().stream()).toList()) {
            Map<String, FleetObject> directed = links.byModel.getOrDefault(model.model(), Map.of());
            Set<String> pairs = new LinkedHashSet<>();
            directed.forEach((key, o) -> {
                String[] ends = key.split("\u0000");
                if (links.has(model.model(), ends[1], ends[0])) {
                    pairs.add(ends[0].compareTo(ends[1]) < 0 ? key : ends[1] + "\u0000" + ends[0]);
                } else {
                    finding(
                            FindingCode.IMPORT_ONE_SIDED,
                            o,
                            "",
                            "cluster " + ends[1] + " has no "
                                    + model.missingHalf().orElse(o.kind())
                                    + " for " + ends[0] + "; a one-sided pair is not a mesh: add the other half, or"
                                    + " remove this one");
                    row(o, Outcome.NOT_EXPRESSIBLE, "one-sided pair: " + ends[1] + " does not name " + ends[0]);
                }
            });
            for (List<String> members : groups(pairs)) {
                MeshDraft draft = new MeshDraft(model.type(), model.provider(), members, model.model());
                draft.hubs = hubs(members, pairs);
                found.add(draft);
            }
        }
        // meshes no pair makes (a single cluster's), and meshes whose objects tell another type
        readers.forEach(reader -> reader.meshes(this, found));
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
                m.name = meshName(m).orElse(m.provider + "-" + m.type);
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
        readers.forEach(reader -> reader.named(this));
        // the peer objects themselves
        Map<String, Boolean> mapsPeers = new LinkedHashMap<>();
        readers.forEach(reader -> reader.peers().forEach(p -> mapsPeers.put(p.model(), p.mapsPeers())));
        for (MeshDraft m : meshes) {
            if (m.model == null || !mapsPeers.get(m.model)) {
                continue;
            }
            for (String a : m.members) {
                for (String b : m.members) {
                    FleetObject o =
                            links.byModel.getOrDefault(m.model, Map.of()).get(a + "\u0000" + b);
                    if (o != null) {
                        row(o, Outcome.MAPPED, m.pointer() + "/clusters (" + b + ")");
                    }
                }
            }
        }
    }

    private Optional<String> meshName(MeshDraft m) {
        for (MeshReader reader : readers) {
            Optional<String> name = reader.meshName(this, m);
            if (name.isPresent()) {
                return name;
            }
        }
        return Optional.empty();
    }

    private static boolean nameTaken(List<MeshDraft> meshes, String name) {
        return meshes.stream().anyMatch(m -> name.equals(m.name));
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

    @Override
    public Optional<MeshDraft> meshOf(String cluster, String provider, String type) {
        return meshesOf(cluster, provider).stream()
                .filter(m -> type == null || m.type.equals(type))
                .findFirst();
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

    /** A Service patch of a Component: the first reader's that maps it. The pointer, or null. */
    private String servicePatch(FleetObject p, String ns, Optional<String> name) {
        for (MeshReader reader : readers) {
            Optional<String> pointer = reader.servicePatch(this, p, ns, name);
            if (pointer.isPresent()) {
                return pointer.get();
            }
        }
        return null;
    }

    @Override
    public String export(MeshDraft m, String cluster, String ns, String service) {
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

    /**
     * The access rule an imported policy amounts to, kept under {@code <namespace>/<service>} of its
     * mesh; a member whose policy for the same target admits other callers is a finding, and the
     * first member's rule is kept. Returns the key.
     */
    @Override
    public String accessRule(
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

    @Override
    public Object fact(String cluster, String key) {
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
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("name", c);
        String edition = readers.stream()
                .map(reader -> reader.edition(this, c))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse("CE");
        String[][] required = {
            {"edition", edition},
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
        readers.forEach(reader -> reader.cluster(this, c, out, certificates));
        Map<String, Map<String, Object>> read = moduleSettings.getOrDefault(c, Map.of());
        for (String module :
                readers.stream().flatMap(reader -> reader.modules().stream()).toList()) {
            Map<String, Object> own = read.get(module);
            if (own != null) {
                Map<String, Object> settings = new LinkedHashMap<>(Tree.map(out, "moduleSettings"));
                settings.put(module, own);
                out.put("moduleSettings", settings);
            } else if (out.get("moduleSettings") instanceof Map<?, ?> settings && settings.containsKey(module)) {
                Map<String, Object> kept = new LinkedHashMap<>(Tree.map(out, "moduleSettings"));
                kept.remove(module);
                if (kept.isEmpty()) {
                    out.remove("moduleSettings");
                } else {
                    out.put("moduleSettings", kept);
                }
            }
        }
        cluster.putAll(out);
        return cluster;
    }

    /** The objects' value wins over the clusters file's: it is what runs. */
    @Override
    public void agree(Map<String, Object> out, String key, Object value, String cluster) {
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
}
