package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.importer.FleetObject;
import io.dkpmesh.core.importer.MeshDraft;
import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.importer.Outcome;
import io.dkpmesh.core.importer.Tree;
import java.util.ArrayList;
import java.util.HashSet;
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
 * How the import reads a Cilium ClusterMesh fleet back (docs/import.md): a member's Cilium values (a
 * values file, an Argo CD Application, a Flux HelmRelease of the chart) give its Cilium settings and
 * its ClusterMesh peers, pairs of which make a mesh (a federation when its members hold dkp-mesh's
 * boundary deny policies); global Services and Component patches are shared namespaces, exports and
 * affinity; CiliumNetworkPolicies are access rules and, as the federation boundary, the exports'
 * workload labels.
 */
final class CiliumImport implements MeshReader {

    private static final String MODEL = "cilium";

    @Override
    public List<Peers> peers() {
        return List.of(new Peers(MODEL, "cilium", "multicluster", Optional.of("ClusterMesh peer"), false));
    }

    @Override
    public void read(Stage stage, FleetObject o, Context fleet) {
        switch (stage) {
            case PEERS -> ciliumValues(o).ifPresent(values -> ciliumPeers(fleet, o, values));
            case CONSUMER_SERVICES -> {
                if (o.kind().equals("Service") && "false".equals(o.annotations().get(CiliumPlanner.SHARED))) {
                    ciliumConsumer(fleet, o);
                }
            }
            case GLOBAL_SERVICES -> {
                if (o.kind().equals("Service")
                        && "true".equals(o.annotations().get(CiliumPlanner.GLOBAL))
                        && ciliumService(fleet, o, o.namespace().orElse("default"), Optional.of(o.name()), false)
                                == null) {
                    fleet.notExpressible(
                            o,
                            "/metadata/annotations",
                            "a global Service outside a Cilium mesh of the import, or one Service of a namespace a"
                                    + " Cilium multicluster does not share whole (the topology shares namespaces there)");
                }
            }
            // the federation boundary first: it tells the exports' workloadLabels, which the access
            // policies of those Services select by
            case BOUNDARIES -> {
                if (policy(o) && !Tree.list(o.spec(), "ingressDeny").isEmpty()) {
                    ciliumPolicy(fleet, o);
                }
            }
            case ACCESS -> {
                if (policy(o)) {
                    ciliumPolicy(fleet, o);
                }
            }
            default -> {}
        }
    }

    private static boolean policy(FleetObject o) {
        return o.kind().equals("CiliumNetworkPolicy") || o.kind().equals("CiliumClusterwideNetworkPolicy");
    }

    @Override
    public void finish(Stage stage, Context fleet) {
        if (stage == Stage.BOUNDARIES) {
            boundaryWorkloads(fleet);
        }
    }

    /** A Cilium mesh whose members guard their namespaces from each other is a federation. */
    @Override
    public void meshes(Context fleet, List<MeshDraft> found) {
        for (MeshDraft m : found) {
            if (m.provider.equals("cilium")) {
                boolean boundary = fleet.objects().stream()
                        .anyMatch(o -> m.members.contains(o.cluster())
                                && o.kind().startsWith("Cilium")
                                && !Tree.list(o.spec(), "ingressDeny").isEmpty());
                if (boundary) {
                    found.set(found.indexOf(m), m.withType("federation"));
                }
            }
        }
    }

    /** A mesh's maxConnectedClusters: the first member's values that give it. */
    @Override
    public void named(Context fleet) {
        for (MeshDraft m : fleet.meshes()) {
            if (m.provider.equals("cilium")) {
                m.maxConnectedClusters = m.members.stream()
                        .map(c -> fleet.derived(c).get("ciliumMax"))
                        .filter(Long.class::isInstance)
                        .map(Long.class::cast)
                        .findFirst()
                        .orElse(null);
            }
        }
    }

    @Override
    public Optional<String> servicePatch(Context fleet, FleetObject p, String ns, Optional<String> name) {
        return Optional.ofNullable(ciliumService(fleet, p, ns, name, true));
    }

    /** A member's {@code cilium}: its id, the chart install and its ClusterMesh API server, from the values. */
    @Override
    public void cluster(Context fleet, String c, Map<String, Object> out, Map<String, String> certificates) {
        Map<String, Object> d = fleet.derived(c);
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

    private void ciliumPeers(MeshReader.Context fleet, FleetObject o, Map<String, Object> values) {
        String c = o.cluster();
        Optional<String> name = Tree.string(values, "cluster", "name");
        if (name.isPresent() && !name.get().equals(c)) {
            fleet.notExpressible(
                    o,
                    "/cluster/name",
                    "Cilium cluster name " + Text.quote(name.get()) + " is not the folder's cluster " + Text.quote(c)
                            + " (dkp-mesh names a member's Cilium cluster after it)");
            return;
        }
        Tree.integer(values, "cluster", "id").ifPresent(id -> fleet.observe(c, "ciliumId", id, o));
        Map<String, Object> apiserver = Tree.map(values, "clustermesh", "apiserver");
        Tree.string(apiserver, "service", "type").ifPresent(t -> fleet.observe(c, "ciliumServiceType", t, o));
        Tree.integer(apiserver, "service", "nodePort").ifPresent(p -> fleet.observe(c, "ciliumPort", p, o));
        Tree.list(apiserver, "tls", "server", "extraDnsNames").stream()
                .findFirst()
                .ifPresent(a -> fleet.observe(c, "ciliumAddress", a, o));
        Tree.list(apiserver, "tls", "server", "extraIpAddresses").stream()
                .findFirst()
                .ifPresent(a -> fleet.observe(c, "ciliumAddress", a, o));
        Tree.integer(values, "clustermesh", "maxConnectedClusters").ifPresent(m -> fleet.observe(c, "ciliumMax", m, o));
        for (Object peer : Tree.list(values, "clustermesh", "config", "clusters")) {
            Optional<String> p = Tree.string(peer, "name");
            if (p.isEmpty() || !fleet.clusters().contains(p.get())) {
                fleet.finding(
                        FindingCode.IMPORT_ONE_SIDED,
                        o,
                        "/clustermesh/config/clusters",
                        "ClusterMesh peer " + Text.quote(p.orElse("")) + " is no cluster of the import; left out");
                continue;
            }
            Tree.string(peer, "address").ifPresent(a -> fleet.observe(p.get(), "ciliumAddress", a, o));
            Tree.list(peer, "ips").stream().findFirst().ifPresent(a -> fleet.observe(p.get(), "ciliumAddress", a, o));
            Tree.integer(peer, "port").ifPresent(port -> fleet.observe(p.get(), "ciliumPort", port, o));
            fleet.link(MODEL, c, p.get(), o);
        }
        fleet.observe(c, "ciliumHelm", true, o);
        List<String> other = values.keySet().stream()
                .filter(k ->
                        !Set.of("cluster", "certgen", "hubble", "clustermesh").contains(k))
                .toList();
        if (!other.isEmpty()) {
            fleet.finding(
                    FindingCode.IMPORT_NOT_EXPRESSIBLE,
                    o,
                    "",
                    "values " + other + " are not ClusterMesh settings; dkp-mesh delivers only these, keep the"
                            + " others in the chart's own values");
        }
        fleet.row(o, Outcome.MAPPED, "/spec/clusters/" + fleet.clusters().indexOf(c) + "/cilium");
    }

    /** A Cilium mesh is named in its rendered policies' descriptions: {@code ... of mesh <name>: ...}. */
    @Override
    public Optional<String> meshName(Context fleet, MeshDraft m) {
        if (!m.provider.equals("cilium")) {
            return Optional.empty();
        }
        Pattern described = Pattern.compile("^dkp-mesh (?:access rule of mesh|federation) ([a-z0-9-]+):");
        return fleet.objects().stream()
                .filter(o -> m.members.contains(o.cluster()) && o.kind().startsWith("Cilium"))
                .map(o -> Tree.string(o.spec(), "description")
                        .map(described::matcher)
                        .orElse(null))
                .filter(matcher -> matcher != null && matcher.find())
                .map(matcher -> matcher.group(1))
                .findFirst();
    }

    /**
     * A Service's labels and annotations, from a Component's patch ({@code patch}) or on the Service
     * itself: Cilium global Services, affinity. The pointers, or null.
     */
    private String ciliumService(
            MeshReader.Context fleet, FleetObject p, String ns, Optional<String> name, boolean patch) {
        Map<String, Object> labels = p.labels();
        Map<String, Object> annotations = p.annotations();
        String c = p.cluster();
        if ((patch && !labels.isEmpty()) || !"true".equals(annotations.get(CiliumPlanner.GLOBAL))) {
            return null;
        }
        Optional<MeshDraft> mesh = fleet.meshOf(c, "cilium", null);
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
            boolean consumer = "false".equals(annotations.get(CiliumPlanner.SHARED));
            if (m.type.equals("federation") && !consumer) {
                where.add(fleet.export(m, c, ns, name.get()));
            }
            Object affinity = annotations.get(CiliumPlanner.AFFINITY);
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
        fleet.row(p, Outcome.MAPPED, pointer);
        return pointer;
    }

    /** A selector-less Service a Cilium federation member gets for another member's export: that export's ports. */
    private void ciliumConsumer(MeshReader.Context fleet, FleetObject o) {
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "cilium", "federation");
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
                fleet.row(o, Outcome.MAPPED, m.pointer() + "/exports/" + m.position(m.exports, e.getKey()) + "/ports");
                return;
            }
        }
    }

    private static final List<Pattern> CILIUM_POLICY_FIELDS = FleetObject.patterns(
            "/spec/description",
            "/spec/endpointSelector",
            "/spec/endpointSelector/matchLabels/[^/]+",
            "/spec/ingress/\\*/fromEndpoints/\\*/matchLabels/[^/]+",
            "/spec/ingress/\\*/fromEndpoints/\\*/matchExpressions/\\*/(key|operator)");

    private void ciliumPolicy(MeshReader.Context fleet, FleetObject o) {
        if (!Tree.list(o.spec(), "ingressDeny").isEmpty()) {
            if (o.rendered()
                    || Tree.string(o.spec(), "description")
                            .filter(d -> d.startsWith("dkp-mesh federation"))
                            .isPresent()) {
                boundary(fleet, o);
                fleet.row(
                        o, Outcome.GENERATED_BY_DKP_MESH, "the federation boundary, rendered from the mesh's exports");
            } else {
                fleet.notExpressible(
                        o,
                        "/spec/ingressDeny",
                        "a deny policy; the topology renders deny rules only as a federation's boundary");
            }
            return;
        }
        Optional<String> field = o.unknownField(CILIUM_POLICY_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(
                    o, field.get(), "an access rule renders only ingress from endpoints by cluster and namespace");
            return;
        }
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "cilium", null);
        if (mesh.isEmpty() || o.namespace().isEmpty()) {
            fleet.notExpressible(o, "/metadata", "not a namespaced policy of a Cilium mesh member");
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
                fleet.notExpressible(
                        o,
                        "/spec/endpointSelector",
                        "selects pods by labels other than app: <service>, and its name names no Service (" + named
                                + "<service>)");
                return;
            }
        }
        List<Object> ingress = Tree.list(o.spec(), "ingress");
        if (ingress.size() != 1) {
            fleet.notExpressible(o, "/spec/ingress", "an access rule renders one ingress rule");
            return;
        }
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Object peer : Tree.list(ingress.get(0), "fromEndpoints")) {
            Map<String, Object> labels = Tree.map(peer, "matchLabels");
            Object cluster = labels.get(CiliumPlanner.CLUSTER_LABEL);
            Object namespace = labels.get(CiliumPlanner.NAMESPACE_LABEL);
            List<Object> expressions = Tree.list(peer, "matchExpressions");
            boolean anyNamespace = expressions.size() == 1
                    && CiliumPlanner.NAMESPACE_LABEL.equals(Tree.get(expressions.get(0), "key"))
                    && "Exists".equals(Tree.get(expressions.get(0), "operator"));
            if (!(cluster instanceof String c)
                    || !m.members.contains(c)
                    || labels.size() != (namespace == null ? 1 : 2)
                    || (namespace == null) != anyNamespace) {
                fleet.notExpressible(
                        o,
                        "/spec/ingress/0/fromEndpoints",
                        "a peer selector that is not a member cluster (io.cilium.k8s.policy.cluster) with a namespace or any namespace");
                return;
            }
            peers.add(MeshDraft.caller(Optional.of(c), Optional.ofNullable((String) namespace)));
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
                from.add(MeshDraft.caller(Optional.empty(), Optional.of((String) ns0)));
                i += m.members.size();
            } else {
                from.add(peers.get(i));
                i++;
            }
        }
        String key = fleet.accessRule(m, o, ns, service, workloadLabels, from, "/spec/ingress");
        String expected = m.name + "-access" + service.map(s -> "-" + s).orElse("");
        if (!o.name().equals(expected)) {
            fleet.rename(o, expected);
        }
        fleet.row(o, Outcome.MAPPED, m.pointer() + "/access/" + m.position(m.access, key));
    }

    private static final Pattern PORTS_BOUNDARY = Pattern.compile(
            "^dkp-mesh federation [a-z0-9-]+: other members may reach the pods of ([a-z0-9-]+) only on its"
                    + " exported ports$");

    /** The namespaced boundary selectors of each exporter's namespace ({@code cluster/namespace}), for {@link #boundaryWorkloads}. */
    private final Map<String, List<Object>> boundarySelectors = new LinkedHashMap<>();

    /** Exports whose workloadLabels a boundary policy of their own Service gave ({@code cluster/namespace/service}). */
    private final Set<String> labelledExports = new HashSet<>();

    /**
     * What a federation boundary policy tells of the exports: the ports policy of an export selects
     * exactly its pods (CiliumPlanner.boundary: the export's workloadLabels, by default {@code app:
     * <service>}); the namespace's boundary selects the pods carrying none of the exports' labels, kept
     * for {@link #boundaryWorkloads}.
     */
    private void boundary(MeshReader.Context fleet, FleetObject o) {
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "cilium", "federation");
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
    private void boundaryWorkloads(MeshReader.Context fleet) {
        for (MeshDraft m : fleet.meshes()) {
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
}
