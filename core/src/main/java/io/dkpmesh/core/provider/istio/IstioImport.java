package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.importer.ClusterFacts;
import io.dkpmesh.core.importer.FleetObject;
import io.dkpmesh.core.importer.MeshDraft;
import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.importer.Outcome;
import io.dkpmesh.core.importer.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the import reads an Istio fleet back (docs/import.md): pairs of IstioFederation and
 * IstioMulticluster objects link members (their trust domains, metadata endpoints and CAs are the
 * peers' facts), a cluster with Istio objects but no peer is a single mesh, ModuleConfig istio gives
 * the ingress gateway and the member's own module settings, labelled Services are federation exports,
 * DestinationRules and VirtualServices are traffic rules, AuthorizationPolicies and
 * PeerAuthentications access rules and {@code mtls}.
 */
final class IstioImport implements MeshReader {

    private static final String MODULE = "istio";

    @Override
    public List<Peers> peers() {
        return List.of(
                new Peers("federation", "istio", "federation", Optional.empty(), true),
                new Peers("multicluster", "istio", "multicluster", Optional.empty(), true));
    }

    @Override
    public void read(Stage stage, FleetObject o, Context fleet) {
        switch (stage) {
            case PEERS -> {
                if (o.kind().equals("IstioFederation")) {
                    istioPeer(fleet, o, "federation");
                } else if (o.kind().equals("IstioMulticluster")) {
                    istioPeer(fleet, o, "multicluster");
                }
            }
            case MODULE_SETTINGS -> {
                if (o.kind().equals("ModuleConfig") && o.name().equals("istio")) {
                    moduleConfig(fleet, o);
                }
            }
            case LABELLED_SERVICES -> {
                if (o.kind().equals("Service") && o.labels().containsKey(IstioPlanner.PUBLIC_SERVICE_LABEL)) {
                    istioExport(fleet, o, o.namespace().orElse("default"), o.name());
                }
            }
            case TRAFFIC -> {
                if (o.kind().equals("DestinationRule")) {
                    destinationRule(fleet, o);
                }
            }
            case ROUTES -> {
                if (o.kind().equals("VirtualService")) {
                    virtualService(fleet, o);
                }
            }
            case ACCESS -> {
                switch (o.kind()) {
                    case "PeerAuthentication" -> peerAuthentication(fleet, o);
                    case "AuthorizationPolicy" -> authorizationPolicy(fleet, o);
                    default -> {}
                }
            }
            default -> {}
        }
    }

    /** A canary whose VirtualService was not read routes nothing to the canary yet. */
    @Override
    public void finish(Stage stage, Context fleet) {
        if (stage != Stage.ROUTES) {
            return;
        }
        for (MeshDraft m : fleet.meshes()) {
            for (Map<String, Object> t : m.traffic.values()) {
                if (t.get("canary") instanceof Map<?, ?> canary
                        && Long.valueOf(-1).equals(canary.get("weight"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> c = (Map<String, Object>) canary;
                    c.put("weight", 0L);
                }
            }
        }
    }

    /** A cluster with Istio objects of its own but no Istio peers: a single mesh. */
    @Override
    public void meshes(Context fleet, List<MeshDraft> found) {
        for (String c : fleet.clusters()) {
            boolean inIstio = found.stream().anyMatch(m -> m.provider.equals("istio") && m.members.contains(c));
            boolean istioObjects = fleet.open().stream()
                    .anyMatch(o -> o.cluster().equals(c)
                            && (o.kind().equals("DestinationRule")
                                    || o.kind().equals("AuthorizationPolicy")
                                    || (o.kind().equals("ModuleConfig")
                                            && o.name().equals("istio"))));
            if (!inIstio && istioObjects) {
                found.add(new MeshDraft("single", "istio", List.of(c)));
            }
        }
    }

    /** A multicluster is a flat network when a member's IstioMulticluster switches its ingress gateway off. */
    @Override
    public void named(Context fleet) {
        for (MeshDraft m : fleet.meshes()) {
            if (m.type.equals("multicluster") && m.provider.equals("istio")) {
                m.flatNetwork = m.members.stream()
                        .flatMap(a -> m.members.stream().map(b -> fleet.derived(a + "|" + b)))
                        .filter(Objects::nonNull)
                        .anyMatch(d -> Boolean.FALSE.equals(d.get("gateway")));
            }
        }
    }

    @Override
    public Optional<String> servicePatch(Context fleet, FleetObject p, String ns, Optional<String> name) {
        Map<String, Object> labels = p.labels();
        if (labels.containsKey(IstioPlanner.PUBLIC_SERVICE_LABEL)
                && p.annotations().isEmpty()
                && labels.size() == 1
                && name.isPresent()) {
            return Optional.ofNullable(istioExport(fleet, p, ns, name.get()));
        }
        return Optional.empty();
    }

    /** DKP's Istio federation and multicluster need Enterprise Edition. */
    @Override
    public Optional<String> edition(Context fleet, String c) {
        return istioPeer(fleet, c) ? Optional.of("EE") : Optional.empty();
    }

    private static boolean istioPeer(Context fleet, String c) {
        return fleet.meshes().stream()
                .anyMatch(m -> m.provider.equals("istio") && !m.type.equals("single") && m.members.contains(c));
    }

    /** What the peers' objects say of a member: its trust domain, metadata endpoint and CA. */
    @Override
    public void cluster(Context fleet, String c, Map<String, Object> out, Map<String, String> certificates) {
        Map<String, Object> d = fleet.derived(c);
        boolean istioPeer = istioPeer(fleet, c);
        boolean federated = fleet.meshes().stream()
                .anyMatch(m -> m.provider.equals("istio") && m.type.equals("federation") && m.members.contains(c));
        if (federated && d.get("clusterDomain") instanceof String domain) {
            fleet.agree(out, "clusterDomain", domain, c);
        }
        if (istioPeer) {
            if (d.get("publicDomain") instanceof String pd && !out.containsKey("metadataEndpoint")) {
                fleet.agree(out, "publicDomain", pd, c);
            }
            if (d.get("metadataEndpoint") instanceof String e) {
                fleet.agree(out, "metadataEndpoint", e, c);
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
    }

    @Override
    public List<String> modules() {
        return List.of(MODULE);
    }

    private static final Pattern ENDPOINT = Pattern.compile("^https://istio-metadata\\.(.+)/metadata/$");
    private static final Pattern NAMESPACE_PRINCIPAL = Pattern.compile("^(.+)/ns/([^/]+)/sa/([^/]+)$");
    private static final Pattern CLUSTER_PRINCIPAL = Pattern.compile("^([^/]+)/\\*$");
    private static final Pattern REGION_LOCALITY = Pattern.compile("^([^/*]+)/\\*$");

    private static Optional<String> peerOf(
            MeshReader.Context fleet, FleetObject o, Optional<String> trustDomain, Optional<String> endpoint) {
        if (fleet.clusters().contains(o.name()) && !o.name().equals(o.cluster())) {
            return Optional.of(o.name());
        }
        for (String c : fleet.clusters()) {
            if (c.equals(o.cluster())) {
                continue;
            }
            Map<String, Object> f = fleet.facts(c);
            if (trustDomain.isPresent() && trustDomain.equals(Tree.string(f, "clusterDomain"))) {
                return Optional.of(c);
            }
            if (endpoint.isPresent() && endpoint.equals(ClusterFacts.endpoint(f))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static final List<Pattern> ISTIO_PEER_FIELDS = FleetObject.patterns(
            "/spec/trustDomain",
            "/spec/metadataEndpoint",
            "/spec/enableIngressGateway",
            "/spec/metadata/ca",
            "/spec/metadata/insecureSkipVerify");

    private void istioPeer(MeshReader.Context fleet, FleetObject o, String model) {
        Optional<String> field = o.unknownField(ISTIO_PEER_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(o, field.get(), "dkp-mesh renders no such field on a " + o.kind());
            return;
        }
        Map<String, Object> spec = o.spec();
        Optional<String> trustDomain = Tree.string(spec, "trustDomain");
        Optional<String> endpoint = Tree.string(spec, "metadataEndpoint");
        Optional<String> peer = peerOf(fleet, o, trustDomain, endpoint);
        if (peer.isEmpty()) {
            fleet.finding(
                    FindingCode.IMPORT_ONE_SIDED,
                    o,
                    "/metadata/name",
                    "names no cluster of the import (by name, trust domain or metadata endpoint); add the peer's"
                            + " folder, or give it in the clusters file");
            fleet.row(o, Outcome.NOT_EXPRESSIBLE, "peer outside the import (metadata.name)");
            return;
        }
        String p = peer.get();
        if (model.equals("federation")) {
            trustDomain.ifPresent(td -> fleet.observe(p, "clusterDomain", td, o));
        }
        endpoint.ifPresent(e -> {
            Matcher m = ENDPOINT.matcher(e);
            if (m.matches()) {
                fleet.observe(p, "publicDomain", m.group(1), o);
            } else {
                fleet.observe(p, "metadataEndpoint", e, o);
            }
        });
        Tree.string(spec, "metadata", "ca").ifPresent(ca -> fleet.observe(p, "ca", ca, o));
        Tree.bool(spec, "metadata", "insecureSkipVerify")
                .filter(b -> b)
                .ifPresent(b -> fleet.observe(p, "metadataInsecureSkipVerify", true, o));
        if (model.equals("multicluster")) {
            Tree.bool(spec, "enableIngressGateway")
                    .ifPresent(g -> fleet.observe(o.cluster() + "|" + p, "gateway", g, o));
        }
        if (!o.name().equals(p)) {
            fleet.rename(o, p);
        }
        fleet.link(model, o.cluster(), p, o);
    }

    // ---- module settings ------------------------------------------------------------------------

    private void moduleConfig(MeshReader.Context fleet, FleetObject o) {
        if (!o.group().equals("deckhouse.io")) {
            return;
        }
        if (Tree.bool(o.spec(), "enabled").filter(b -> !b).isPresent()) {
            fleet.notExpressible(o, "/spec/enabled", "the istio module is switched off here; dkp-mesh renders it on");
            return;
        }
        Optional<Long> version = Tree.integer(o.spec(), "version");
        if (version.isPresent() && version.get() != 2) {
            fleet.notExpressible(
                    o,
                    "/spec/version",
                    "settings version " + version.get() + "; moduleSettings.istio are written in settings version 2"
                            + " (let DKP convert the ModuleConfig, then import again)");
            return;
        }
        String c = o.cluster();
        Map<String, Object> settings = copy(Tree.map(o.spec(), "settings"));
        List<String> where = new ArrayList<>();
        Optional<MeshDraft> federation = fleet.meshOf(c, "istio", "federation");
        Optional<MeshDraft> multicluster = fleet.meshOf(c, "istio", "multicluster");
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
            fleet.moduleSettings(c, MODULE, settings);
            where.add("/spec/clusters/" + fleet.clusters().indexOf(c) + "/moduleSettings/istio");
        }
        if (!o.rendered() && !o.name().equals("istio")) {
            fleet.rename(o, "istio");
        }
        fleet.row(
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

    private String istioExport(MeshReader.Context fleet, FleetObject p, String ns, String service) {
        Optional<MeshDraft> mesh = fleet.meshOf(p.cluster(), "istio", "federation");
        if (mesh.isEmpty()) {
            fleet.notExpressible(
                    p,
                    "/metadata/labels",
                    "exports a Service, but cluster " + p.cluster() + " is in no Istio federation of the import");
            return null;
        }
        String pointer = fleet.export(mesh.get(), p.cluster(), ns, service);
        fleet.row(p, Outcome.MAPPED, pointer);
        return pointer;
    }

    // ---- traffic --------------------------------------------------------------------------------

    private static final List<Pattern> DESTINATION_RULE_FIELDS = FleetObject.patterns(
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

    private void destinationRule(MeshReader.Context fleet, FleetObject o) {
        Optional<String> field = o.unknownField(DESTINATION_RULE_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(o, field.get(), "a traffic rule renders no such DestinationRule field");
            return;
        }
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            fleet.notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
            return;
        }
        Map<String, Object> spec = o.spec();
        String host = Tree.string(spec, "host").orElse("");
        String[] labels = host.split("\\.");
        String service = labels[0];
        String ns = o.namespace().orElse(labels.length > 1 ? labels[1] : "default");
        if (labels.length > 1 && !labels[1].equals(ns)) {
            fleet.notExpressible(o, "/spec/host", "the host is a Service of another namespace");
            return;
        }
        Optional<String> tls = Tree.string(spec, "trafficPolicy", "tls", "mode");
        if (tls.isPresent() && !tls.get().equals("ISTIO_MUTUAL")) {
            fleet.notExpressible(
                    o, "/spec/trafficPolicy/tls/mode", "dkp-mesh sets only ISTIO_MUTUAL (for remote exports)");
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
            Optional<String> from = Tree.string(d, "from").flatMap(IstioImport::region);
            Map<String, Object> to = new LinkedHashMap<>();
            boolean regions = from.isPresent();
            for (Map.Entry<String, Object> w : Tree.map(d, "to").entrySet()) {
                Optional<String> region = region(w.getKey());
                regions &= region.isPresent() && w.getValue() instanceof Long;
                region.ifPresent(r -> to.put(r, w.getValue()));
            }
            if (!regions) {
                fleet.notExpressible(
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
            fleet.notExpressible(
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
                fleet.notExpressible(o, "/spec/subsets", "subsets other than stable and canary by one pod label");
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
            fleet.finding(
                    FindingCode.IMPORT_DISAGREE,
                    o,
                    "/spec",
                    "differs from the DestinationRule of " + key + " in another member of mesh " + m.name
                            + "; the render writes one rule for every member, the first is taken");
        }
        if (!o.name().equals(service)) {
            fleet.rename(o, service);
        }
        fleet.row(o, Outcome.MAPPED, m.pointer() + "/traffic/" + m.position(m.traffic, key));
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

    private static final List<Pattern> VIRTUAL_SERVICE_FIELDS = FleetObject.patterns(
            "/spec/hosts/\\*",
            "/spec/(http|tcp)/\\*/route/\\*/destination/(host|subset)",
            "/spec/(http|tcp)/\\*/route/\\*/weight");

    private void virtualService(MeshReader.Context fleet, FleetObject o) {
        Optional<String> field = o.unknownField(VIRTUAL_SERVICE_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(o, field.get(), "a canary renders no such VirtualService field");
            return;
        }
        String host = Tree.list(o.spec(), "hosts").stream()
                .findFirst()
                .map(String::valueOf)
                .orElse("");
        String service = host.split("\\.")[0];
        String ns = o.namespace().orElse("default");
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "istio", null);
        Map<String, Object> rule =
                mesh.map(m -> m.traffic.get(ns + "/" + service)).orElse(null);
        if (rule == null || !(rule.get("canary") instanceof Map<?, ?>)) {
            fleet.notExpressible(o, "/spec/hosts", "a VirtualService without the DestinationRule subsets of a canary");
            return;
        }
        Long canaryWeight = null;
        for (String protocol : List.of("http", "tcp")) {
            for (Object route : Tree.list(o.spec(), protocol)) {
                for (Object destination : Tree.list(route, "route")) {
                    if ("canary".equals(Tree.get(destination, "destination", "subset"))) {
                        Long w = Tree.integer(destination, "weight").orElse(0L);
                        if (canaryWeight != null && !canaryWeight.equals(w)) {
                            fleet.notExpressible(o, "/spec/" + protocol, "HTTP and TCP routes split differently");
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
            fleet.rename(o, service);
        }
        fleet.row(o, Outcome.MAPPED, m.pointer() + "/traffic/" + m.position(m.traffic, ns + "/" + service) + "/canary");
    }

    // ---- access ---------------------------------------------------------------------------------

    private static final List<Pattern> AUTHORIZATION_POLICY_FIELDS = FleetObject.patterns(
            "/spec/selector/matchLabels/[^/]+",
            "/spec/action",
            "/spec/rules/\\*/from/\\*/source/(principals|namespaces|ipBlocks)/\\*");

    private void authorizationPolicy(MeshReader.Context fleet, FleetObject o) {
        if (o.namespace().filter("d8-istio"::equals).isPresent()
                && o.name().equals("dkp-mesh.federation-boundary")
                && Tree.string(o.spec(), "action").filter("DENY"::equals).isPresent()) {
            // IstioPlanner's DENY policy on DKP's ingress gateway, from the exports of the member
            fleet.row(
                    o,
                    Outcome.GENERATED_BY_DKP_MESH,
                    "the federation boundary of the ingress gateway, rendered from the mesh's exports");
            return;
        }
        Optional<String> field = o.unknownField(AUTHORIZATION_POLICY_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(o, field.get(), "an access rule renders only ALLOW policies by caller identity");
            return;
        }
        if (!Tree.string(o.spec(), "action").orElse("ALLOW").equals("ALLOW")
                || Tree.list(o.spec(), "rules").size() != 1) {
            fleet.notExpressible(o, "/spec/action", "an access rule renders one ALLOW rule");
            return;
        }
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            fleet.notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
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
                fleet.notExpressible(
                        o,
                        "/spec/selector",
                        "selects pods by labels other than app: <service>, so no Service names it");
                return;
            }
        }
        List<Object> from = new ArrayList<>();
        for (Object source : Tree.list(Tree.list(o.spec(), "rules").get(0), "from")) {
            Optional<List<Map<String, Object>>> callers = istioCallers(fleet, m, Tree.map(source, "source"));
            if (callers.isEmpty()) {
                fleet.notExpressible(
                        o,
                        "/spec/rules/0/from",
                        "a source that is neither principals of member trust domains nor a member's pod subnet");
                return;
            }
            callers.get().stream().filter(c -> !from.contains(c)).forEach(from::add);
        }
        String key = fleet.accessRule(m, o, ns, service, workloadLabels, from, "/spec/rules");
        String expected = service.map(s -> "dkp-mesh." + s).orElse("dkp-mesh");
        if (!o.name().equals(expected)) {
            fleet.rename(o, expected);
        }
        fleet.row(o, Outcome.MAPPED, m.pointer() + "/access/" + m.position(m.access, key));
    }

    private static final List<Pattern> PEER_AUTHENTICATION_FIELDS = FleetObject.patterns("/spec/mtls/mode");

    /**
     * A namespace-wide PeerAuthentication with mode STRICT is the {@code mtls: STRICT} of the
     * cluster's Istio mesh (IstioPlanner renders one, named dkp-mesh, in each namespace the mesh
     * protects); any other mode, a selector or port-level modes no field renders.
     */
    private void peerAuthentication(MeshReader.Context fleet, FleetObject o) {
        Optional<String> field = o.unknownField(PEER_AUTHENTICATION_FIELDS);
        if (field.isPresent()) {
            fleet.notExpressible(o, field.get(), "a mesh's mtls renders only a namespace-wide mode");
            return;
        }
        if (!Tree.string(o.spec(), "mtls", "mode").orElse("").equals("STRICT")) {
            fleet.notExpressible(o, "/spec/mtls", "a mesh's mtls renders a PeerAuthentication only for STRICT");
            return;
        }
        Optional<MeshDraft> mesh = fleet.meshOf(o.cluster(), "istio", null);
        if (mesh.isEmpty()) {
            fleet.notExpressible(o, "/metadata/namespace", "its cluster is in no Istio mesh of the import");
            return;
        }
        mesh.get().mtls = "STRICT";
        if (!o.name().equals("dkp-mesh")) {
            fleet.rename(o, "dkp-mesh");
        }
        fleet.row(o, Outcome.MAPPED, mesh.get().pointer() + "/mtls");
    }

    /** The callers one AuthorizationPolicy source stands for, as the render writes them; empty when none fit. */
    private static Optional<List<Map<String, Object>>> istioCallers(
            MeshReader.Context fleet, MeshDraft m, Map<String, Object> source) {
        List<Object> principals = Tree.list(source, "principals");
        List<Object> namespaces = Tree.list(source, "namespaces");
        List<Object> ipBlocks = Tree.list(source, "ipBlocks");
        List<Map<String, Object>> out = new ArrayList<>();
        if (ipBlocks.size() == 1 && principals.size() == 1 && namespaces.isEmpty()) {
            // a multicluster caller narrowed to a service account: its principal and its cluster's pod subnet
            Matcher named = NAMESPACE_PRINCIPAL.matcher(String.valueOf(principals.get(0)));
            Optional<String> cluster = m.members.stream()
                    .filter(c -> ipBlocks.get(0).equals(fleet.fact(c, "podSubnetCIDR")))
                    .findFirst();
            if (cluster.isEmpty() || !named.matches() || named.group(3).equals("*")) {
                return Optional.empty();
            }
            out.add(MeshDraft.caller(cluster, Optional.of(named.group(2)), Optional.of(named.group(3))));
            return Optional.of(out);
        }
        if (!ipBlocks.isEmpty() && principals.isEmpty() && namespaces.size() <= 1 && ipBlocks.size() == 1) {
            Optional<String> cluster = m.members.stream()
                    .filter(c -> ipBlocks.get(0).equals(fleet.fact(c, "podSubnetCIDR")))
                    .findFirst();
            if (cluster.isEmpty()) {
                return Optional.empty();
            }
            out.add(MeshDraft.caller(
                    cluster, namespaces.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(namespaces.get(0)))));
            return Optional.of(out);
        }
        if (principals.isEmpty() || !namespaces.isEmpty() || !ipBlocks.isEmpty()) {
            return Optional.empty();
        }
        List<String> domains = m.members.stream()
                .map(c -> (String) fleet.fact(c, "clusterDomain"))
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
                out.add(MeshDraft.caller(Optional.empty(), Optional.of(ns), Optional.of(account)));
                return Optional.of(out);
            }
        }
        for (Object principal : principals) {
            Matcher named = NAMESPACE_PRINCIPAL.matcher(String.valueOf(principal));
            Matcher whole = CLUSTER_PRINCIPAL.matcher(String.valueOf(principal));
            String domain = named.matches() ? named.group(1) : whole.matches() ? whole.group(1) : null;
            List<String> owners = m.members.stream()
                    .filter(c -> Objects.equals(
                            domain, Objects.requireNonNullElse(fleet.fact(c, "clusterDomain"), "cluster.local")))
                    .toList();
            if (owners.size() != 1) {
                return Optional.empty();
            }
            out.add(MeshDraft.caller(
                    Optional.of(owners.get(0)),
                    named.matches() ? Optional.of(named.group(2)) : Optional.empty(),
                    named.matches() ? Optional.of(named.group(3)) : Optional.empty()));
        }
        return Optional.of(out);
    }
}
