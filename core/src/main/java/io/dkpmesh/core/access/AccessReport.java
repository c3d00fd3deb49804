package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.report.Reports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The matrix as a reviewer reads it ({@code ACCESS.md}, {@code access.md}), as scripts read it
 * ({@code access.json}), and as the admitted edges a diff compares.
 */
public final class AccessReport {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AccessReport() {}

    /** The prefix of the debug lines that say how long the access matrix took (the benchmark reads them). */
    public static final String TIMING = "access matrix ";

    /** A debug line: {@code access matrix <what> in <ms> ms}. */
    public static String timing(String what, long nanos) {
        return EngineLog.took(TIMING + what, nanos);
    }

    /** What the page says of the user's own AuthorizationPolicies: included (how many), or not. */
    static String userPolicies(AccessMatrix matrix) {
        return matrix.userPolicies()
                .map(count -> "\nIncludes " + count
                        + " of the user's own AuthorizationPolicies and PeerAuthentications (`user:namespace/name`),\n"
                        + "combined with the rendered ones as istiod does: a CUSTOM policy leaves the verdict to an external\n"
                        + "authorizer (unknown here), a matching DENY policy denies, and once an ALLOW policy selects a workload\n"
                        + "only what some ALLOW rule matches passes. A rule with `to` or `when` counts as denying, never as\n"
                        + "admitting. The narrowest PeerAuthentication sets a workload's mTLS mode (workload, then namespace, then\n"
                        + "mesh-wide in `d8-istio`; UNSET inherits); where one refuses plain text on some port, callers without a\n"
                        + "sidecar count as refused.\n")
                .orElse(
                        "\nThe user's own AuthorizationPolicies are not included: one on the same workload admits more callers\n"
                                + "(ALLOW) or fewer (DENY, CUSTOM) than listed here. Nor are their PeerAuthentications: one that makes a\n"
                                + "namespace STRICT refuses the callers without a sidecar there. Give the folder of them to include them.\n");
    }

    /**
     * The Markdown page. Protected targets get one table of callers; targets in several clusters
     * with the same verdicts share one table. Open targets get one line each. Every name in it is a
     * DNS label or {@code *}, so nothing needs escaping beyond the code spans.
     */
    public static String markdown(AccessMatrix matrix) {
        return markdown(matrix, matrix.assumptions());
    }

    /**
     * What every line of the page assumes of the clusters, one Markdown list item per Istio mesh:
     * its mTLS mode and who that leaves out, the federation gateway boundary, and sidecar mode.
     */
    public static List<String> assumptions(io.dkpmesh.core.model.Topology topology) {
        List<String> lines = new ArrayList<>();
        for (io.dkpmesh.core.model.Mesh mesh : topology.meshes()) {
            if (mesh.provider() != io.dkpmesh.core.model.Provider.ISTIO) {
                continue;
            }
            StringBuilder line = new StringBuilder("- ")
                    .append(code(mesh.name()))
                    .append(" (istio ")
                    .append(mesh.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append("): ");
            if (mesh.strictMtls()) {
                line.append(
                                "mTLS STRICT: a PeerAuthentication `dkp-mesh` in each namespace the mesh protects refuses plain")
                        .append(" text there, so the callers `(no sidecar)` are refused those workloads; elsewhere the")
                        .append(" mode is DKP's PERMISSIVE unless a PeerAuthentication says otherwise.");
            } else {
                line.append(
                                "mTLS PERMISSIVE, as DKP ships it (no PeerAuthentication): the callers `(no sidecar)` present")
                        .append(
                                " no principal, so every rule naming principals or namespaces denies them, while targets no")
                        .append(" policy selects and rules by ipBlocks admit them; the other callers have sidecars.");
            }
            line.append(
                    mesh.type() == io.dkpmesh.core.model.MeshType.SINGLE
                            ? ""
                            : mesh.flatNetwork()
                                    ? " Peers' pods without a sidecar reach pods directly (flat network), not through a gateway."
                                    : " Peers' pods without a sidecar reach no other member: DKP's ingress gateway forwards only mTLS"
                                            + " connections, by their SNI (AUTO_PASSTHROUGH).");
            if (mesh.type() == io.dkpmesh.core.model.MeshType.FEDERATION) {
                List<String> unbounded = mesh.clusters().stream()
                        .filter(c -> io.dkpmesh.core.model.Mesh.gatewayCarriesMulticluster(topology.meshesOf(c)))
                        .toList();
                line.append(" Peers pass each member's federation gateway, which forwards any Service of its cluster")
                        .append(
                                " domain; `authorizationpolicy-d8-istio.federation-boundary` there denies what the member")
                        .append(" does not export");
                line.append(
                        unbounded.isEmpty()
                                ? "."
                                : " (none on " + String.join(", ", unbounded)
                                        + ", whose gateway carries multicluster traffic too: peers reach all of it).");
            }
            line.append(" Workloads run in sidecar mode: a waypoint (ambient) applies none of these policies.");
            lines.add(line.toString());
        }
        for (io.dkpmesh.core.model.Mesh mesh : topology.meshes()) {
            if (mesh.hubAndSpoke()) {
                lines.add(hubAndSpoke(mesh));
            }
        }
        return lines;
    }

    /** Who a hub-and-spoke mesh links, and why the tables list no spoke calling another. */
    private static String hubAndSpoke(io.dkpmesh.core.model.Mesh mesh) {
        List<String> spokes = mesh.spokes();
        String spokeNames = io.dkpmesh.core.graph.MermaidGraph.groupsSpokes(mesh)
                ? "each of its " + spokes.size() + " spokes (listed in TOPOLOGY.md)"
                : "each spoke ("
                        + String.join(
                                ", ", spokes.stream().map(AccessReport::code).toList()) + ")";
        StringBuilder line = new StringBuilder("- ")
                .append(code(mesh.name()))
                .append(" (hub-and-spoke): the hubs ")
                .append(String.join(
                        ", ", mesh.hubs().stream().map(AccessReport::code).toList()))
                .append(" peer with every member, ")
                .append(spokeNames)
                .append(" with the hubs only. A spoke calling another spoke is unreachable (not peered: spoke to")
                .append(" spoke, route through a hub service), so the tables list no such caller; a spoke reaches what")
                .append(" the hubs export, and a hub what the spokes export.");
        if (mesh.provider() == io.dkpmesh.core.model.Provider.CILIUM) {
            line.append(" Two spokes have no ClusterMesh connection, so neither knows the other's endpoints or")
                    .append(" identities; with native routing, whether packets between their pod subnets pass is up to")
                    .append(" the network underneath.");
        }
        return line.toString();
    }

    /** The page, with {@link #assumptions} stated under its introduction. */
    private static String markdown(AccessMatrix matrix, List<String> assumptions) {
        Map<Table, List<TargetAccess>> groups = new LinkedHashMap<>();
        List<TargetAccess> open = new ArrayList<>();
        Map<List<Decision>, Integer> rowHashes = new java.util.IdentityHashMap<>();
        // per row and target cluster, what the callers without a sidecar get, said relative to the target's cluster
        Map<List<Decision>, Map<String, String>> plainLines = new java.util.IdentityHashMap<>();
        Map<Decision, String> plainTexts = new java.util.IdentityHashMap<>();
        // targets share rows (the open Services of a cluster alike): each row's cells are built once
        Map<List<Decision>, String> cells = new java.util.IdentityHashMap<>();
        long size = 4096;
        for (TargetAccess access : matrix.targets()) {
            if (access.open()) {
                open.add(access);
                String cell = cells.get(access.decisions());
                if (cell == null) {
                    cell = openCells(access.decisions());
                    cells.put(access.decisions(), cell);
                }
                size += cell.length()
                        + access.target().cluster().length()
                        + access.target().namespace().length()
                        + access.target().service().length()
                        + 12;
            } else {
                String plain = plainLines
                        .computeIfAbsent(access.decisions(), k -> new java.util.HashMap<>())
                        .computeIfAbsent(access.target().cluster(), c -> withoutSidecar(access, plainTexts));
                groups.computeIfAbsent(new Table(access, rowHashes, plain), k -> new ArrayList<>())
                        .add(access);
            }
        }
        for (List<TargetAccess> group : groups.values()) {
            size += group.size() * 64L + group.get(0).decisions().size() * 160L;
        }
        // the page is megabytes for a large fleet: sized once rather than grown by copying
        StringBuilder md = new StringBuilder((int) Math.min(size, Integer.MAX_VALUE - 16))
                .append("# Who can call what: ")
                .append(code(matrix.topology()))
                .append("\n\n")
                .append(
                        "Computed by dkp-mesh from the rendered AuthorizationPolicies, CiliumNetworkPolicies, IstioFederation and\n")
                .append(
                        "IstioMulticluster objects and Service exports, with each provider's own matching rules. A caller is any pod\n")
                .append(
                        "of a namespace in a cluster (`cluster/namespace`); a target the pods of a Service (`cluster/namespace/service`).\n")
                .append(
                        "`*` stands for every namespace or Service the topology does not name; `cluster/namespace/sa/name` is\n")
                .append(
                        "the pods of one service account, and a namespace caller then stands for its other service accounts.\n")
                .append(
                        assumptions.isEmpty()
                                ? ""
                                : "`cluster/* (no sidecar)` is that cluster's pods without an Istio sidecar: they send plain text and\n"
                                        + "present no principal, so Istio tells no two of them apart; its verdict holds for such a pod in any\n"
                                        + "namespace unless a CiliumNetworkPolicy selects the target.\n")
                .append(userPolicies(matrix));
        if (!assumptions.isEmpty()) {
            md.append("\nEvery line assumes, per mesh:\n\n");
            assumptions.forEach(a -> md.append(a).append('\n'));
        }
        exportsToLabel(matrix, md);
        md.append("\n## Protected targets\n");
        if (groups.isEmpty()) {
            md.append("\nNone: no rendered policy selects any target.\n");
        }
        Map<AccessMatrix.Caller, String> callers = new java.util.HashMap<>();
        Map<List<String>, String> objects = new java.util.HashMap<>();
        for (Map.Entry<Table, List<TargetAccess>> entry : groups.entrySet()) {
            List<TargetAccess> group = entry.getValue();
            TargetAccess first = group.get(0);
            md.append("\n### ")
                    .append(String.join(
                            ", ",
                            group.stream().map(a -> code(a.target().toString())).toList()))
                    .append("\n\n");
            md.append("Selected by ")
                    .append(String.join(
                            ", ",
                            first.protectedBy().stream().map(AccessReport::code).toList()))
                    .append(".\n\n");
            md.append("| caller | verdict | by | why |\n|---|---|---|---|\n");
            for (Decision decision : first.decisions()) {
                if (!decision.caller().sidecar()) {
                    // below the table, said of all of them at once
                    continue;
                }
                // the same callers and policies fill every table: their cells are built once
                md.append("| ")
                        .append(callers.computeIfAbsent(decision.caller(), caller -> code(caller.toString())))
                        .append(" | ")
                        .append(
                                AccessEvaluator.admittedOnceLabelled(decision)
                                        ? ONCE_LABELLED
                                        : decision.verdict().label())
                        .append(" | ")
                        .append(objects.computeIfAbsent(decision.by(), AccessReport::codes))
                        .append(" | ")
                        .append(decision.reason())
                        .append(" |\n");
            }
            if (!entry.getKey().plain.isEmpty()) {
                md.append('\n').append(entry.getKey().plain).append('\n');
            }
        }
        md.append("\n## Open targets\n\n");
        if (open.isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| target | admitted callers | why open |\n|---|---|---|\n");
            for (TargetAccess access : open) {
                md.append("| ")
                        .append(code(access.target().toString()))
                        .append(" | ")
                        .append(cells.get(access.decisions()))
                        .append(" |\n");
            }
        }
        if (!matrix.routes().isEmpty()) {
            md.append("\n## Routes to other members\n\n")
                    .append(
                            "Services that no pod of their cluster backs: Cilium sends their traffic to the same Service's pods in\n")
                    .append(
                            "the members listed, so a caller's verdict is the one in that target's table, not a protection of its own.\n\n")
                    .append("| Service | leads to |\n|---|---|\n");
            for (AccessMatrix.Route route : matrix.routes()) {
                md.append("| ")
                        .append(code(route.service().toString()))
                        .append(" | ")
                        .append(String.join(
                                ", ",
                                route.to().stream()
                                        .map(c -> code(c + "/" + route.service().namespace() + "/"
                                                + route.service().service()))
                                        .toList()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** How the page marks a caller admitted through a federation export whose Service label is applied by others. */
    static final String ONCE_LABELLED = "admitted once the Service is labelled";

    /**
     * The Services whose federation routes the page counts, and the Component that labels each: the
     * label is all DKP exports by (its metadata exporter offers peers only labelled Services), and
     * no cluster tree applies it, since the Service belongs to its application's manifests.
     *
     * @return {@code cluster/namespace/service} → the Component's folder, in target order
     */
    public static Map<String, String> exportsToLabel(AccessMatrix matrix) {
        Map<String, String> exports = new LinkedHashMap<>();
        for (TargetAccess access : matrix.targets()) {
            if (access.target().service().equals(AccessMatrix.Target.ANY)) {
                continue;
            }
            boolean exported = false;
            if (access.decisions() instanceof DecisionRow row) {
                // a segment holds the callers of one cluster, all on the same route
                for (int i = 0; i < row.segmentCount() && !exported; i++) {
                    DecisionRow.Segment segment = row.segment(i);
                    exported = segment.size() > 0 && AccessEvaluator.throughExport(segment.decisions[0]);
                }
            } else {
                exported = access.decisions().stream().anyMatch(AccessEvaluator::throughExport);
            }
            if (exported) {
                String component = io.dkpmesh.core.layout.Layout.component(
                        access.target().cluster(), io.dkpmesh.core.layout.Layout.SERVICE_EXPORTS);
                exports.put(access.target().toString(), component.substring(0, component.length() - 1));
            }
        }
        return exports;
    }

    /** Up to this many clusters the console names each Component and its Services; past it one line counts them. */
    static final int EXPORT_LINES = 5;

    /**
     * What a render tells the console of {@link #exportsToLabel}: per cluster the Component and the
     * Services whose kustomization must include it, or, for more than {@link #EXPORT_LINES} clusters,
     * one line with the counts (a fleet of a hundred clusters would print a hundred long lines after
     * every change); ACCESS.md lists each Service either way.
     */
    public static List<String> exportLines(AccessMatrix matrix) {
        Map<String, SortedSet<String>> byComponent = new java.util.TreeMap<>();
        exportsToLabel(matrix)
                .forEach((service, component) -> byComponent
                        .computeIfAbsent(component, c -> new TreeSet<>())
                        .add(service));
        String why = ": federation callers reach them only once labelled (ACCESS.md, Exports to apply)";
        if (byComponent.size() > EXPORT_LINES) {
            int services =
                    byComponent.values().stream().mapToInt(SortedSet::size).sum();
            return List.of("Include each exporting cluster's components/service-exports in the kustomizations that"
                    + " build its exported Services (" + services + " Services in " + byComponent.size()
                    + " clusters): federation callers reach them only once labelled; ACCESS.md (Exports to apply)"
                    + " lists each");
        }
        List<String> lines = new ArrayList<>();
        byComponent.forEach((component, services) -> lines.add(
                "Include " + component + " in the kustomization that builds " + String.join(", ", services) + why));
        return lines;
    }

    private static void exportsToLabel(AccessMatrix matrix, StringBuilder md) {
        Map<String, String> exports = exportsToLabel(matrix);
        if (exports.isEmpty()) {
            return;
        }
        md.append("\n## Exports to apply\n\n")
                .append("Federation callers reach an exported Service only once it carries the label\n")
                .append(
                        "`federation.istio.deckhouse.io/public-service: \"\"`: DKP offers its peers only labelled Services. The label\n")
                .append(
                        "is in a Kustomize Component of the exporting cluster that no cluster tree includes, because the Service\n")
                .append(
                        "belongs to its application's manifests: include the Component (`components:`) in the kustomization\n")
                .append(
                        "that builds each Service below (its patches change only the Services they name). Until then, the\n")
                .append("callers marked \"")
                .append(ONCE_LABELLED)
                .append("\" cannot reach it.\n\n")
                .append("| Service | Component |\n|---|---|\n");
        exports.forEach((service, component) -> md.append("| ")
                .append(code(service))
                .append(" | ")
                .append(code(component))
                .append(" |\n"));
    }

    /** The admitted count and why-open cells of an open target's line. */
    private static String openCells(List<Decision> decisions) {
        long admitted = 0;
        long onceLabelled = 0;
        SortedSet<String> unreachable = new TreeSet<>();
        // the callers a policy on the target's federation gateway stops, by that reason
        Map<String, SortedSet<String>> atGateway = new java.util.TreeMap<>();
        // the callers without a sidecar that are not admitted, by why
        Map<String, SortedSet<String>> plain = new java.util.TreeMap<>();
        // the callers whose verdict is not known offline, by why
        Map<String, SortedSet<String>> unknown = new java.util.TreeMap<>();
        if (decisions instanceof DecisionRow row) {
            // a segment holds the callers of one cluster
            for (int i = 0; i < row.segmentCount(); i++) {
                DecisionRow.Segment segment = row.segment(i);
                if (segment.plain > segment.plainAdmitted) {
                    for (Decision d : segment.decisions) {
                        withoutSidecar(d, plain);
                    }
                }
                admitted += segment.admitted;
                if (segment.admitted > 0 && AccessEvaluator.throughExport(segment.decisions[0])) {
                    onceLabelled += segment.admitted;
                }
                if (segment.unreachable) {
                    unreachable.add(segment.cluster);
                }
                gatewayDenied(segment.decisions[0], atGateway);
                if (segment.unknown) {
                    for (Decision d : segment.decisions) {
                        unknown(d, unknown);
                    }
                }
            }
        } else {
            String last = null;
            for (Decision d : decisions) {
                withoutSidecar(d, plain);
                if (d.admitted()) {
                    admitted++;
                    if (AccessEvaluator.admittedOnceLabelled(d)) {
                        onceLabelled++;
                    }
                } else if (d.caller().sidecar() && !d.caller().cluster().equals(last)) {
                    // callers come cluster by cluster: one set insertion per cluster, not per caller
                    last = d.caller().cluster();
                    if (d.verdict() == Verdict.UNREACHABLE) {
                        unreachable.add(last);
                    }
                    gatewayDenied(d, atGateway);
                }
                unknown(d, unknown);
            }
        }
        StringBuilder why = new StringBuilder("no policy selects it");
        atGateway.forEach((reason, clusters) -> why.append("; from ")
                .append(String.join(", ", clusters))
                .append(": ")
                .append(reason));
        if (!unreachable.isEmpty()) {
            why.append("; not reachable from ")
                    .append(String.join(", ", unreachable))
                    .append(" (no mesh links them)");
        }
        unknown.forEach((reason, clusters) -> why.append("; unknown from ")
                .append(String.join(", ", clusters))
                .append(": ")
                .append(reason));
        plain.forEach((reason, clusters) -> why.append("; from ")
                .append(String.join(", ", clusters))
                .append(" without a sidecar: ")
                .append(reason));
        return admitted + " of " + decisions.size()
                + (onceLabelled == 0 ? "" : " (" + onceLabelled + " " + ONCE_LABELLED + ")") + " | " + why;
    }

    /**
     * The line under a target's table on its callers without a sidecar: their verdicts from the
     * target's own cluster and from the others, said without naming the target's cluster, so that
     * the targets of several clusters with equal tables still share one. Empty when there are none.
     */
    private static String withoutSidecar(TargetAccess access, Map<Decision, String> texts) {
        String own = null;
        Map<String, SortedSet<String>> others = new LinkedHashMap<>();
        List<Decision> plain = new ArrayList<>();
        if (access.decisions() instanceof DecisionRow row) {
            for (int i = 0; i < row.segmentCount(); i++) {
                if (row.segment(i).withoutSidecar != null) {
                    plain.add(row.segment(i).withoutSidecar);
                }
            }
        } else {
            access.decisions().stream().filter(d -> !d.caller().sidecar()).forEach(plain::add);
        }
        for (Decision d : plain) {
            // targets share decisions: each one's words are built once
            String verdict = texts.computeIfAbsent(
                    d,
                    x -> (AccessEvaluator.admittedOnceLabelled(x)
                                    ? ONCE_LABELLED
                                    : x.verdict().label())
                            + (x.by().isEmpty() ? "" : " by " + codes(x.by()))
                            + (x.reason().isEmpty() ? "" : " (" + x.reason() + ")"));
            if (d.caller().cluster().equals(access.target().cluster())) {
                own = verdict;
            } else {
                others.computeIfAbsent(verdict, v -> new TreeSet<>())
                        .add(d.caller().cluster());
            }
        }
        if (own == null && others.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (own != null) {
            parts.add("from its own cluster " + own);
        }
        if (others.size() == 1) {
            parts.add("from the other clusters above "
                    + others.keySet().iterator().next());
        } else {
            others.forEach((verdict, clusters) -> parts.add("from " + String.join(", ", clusters) + " " + verdict));
        }
        return "Callers without a sidecar (`cluster/* (no sidecar)`, plain text, no principal): "
                + String.join("; ", parts) + ".";
    }

    /** Notes a caller without a sidecar that is not admitted, by why. */
    private static void withoutSidecar(Decision decision, Map<String, SortedSet<String>> plain) {
        if (!decision.caller().sidecar() && !decision.admitted()) {
            plain.computeIfAbsent(
                            decision.verdict() == Verdict.DENIED || decision.verdict() == Verdict.UNKNOWN
                                    ? decision.verdict().label() + ", " + decision.reason()
                                    : decision.reason(),
                            r -> new TreeSet<>())
                    .add(decision.caller().cluster());
        }
    }

    /** Notes a decision of a policy on a federation gateway (the whole segment shares it). */
    private static void gatewayDenied(Decision decision, Map<String, SortedSet<String>> atGateway) {
        if (decision.verdict() == Verdict.DENIED && decision.reason().startsWith(GATEWAY_DENIAL)) {
            atGateway
                    .computeIfAbsent(decision.reason(), r -> new TreeSet<>())
                    .add(decision.caller().cluster());
        }
    }

    /** Notes a caller with a sidecar whose verdict is unknown (its reason says why), by its cluster. */
    private static void unknown(Decision decision, Map<String, SortedSet<String>> unknown) {
        if (decision.verdict() == Verdict.UNKNOWN && decision.caller().sidecar()) {
            unknown.computeIfAbsent(decision.reason(), r -> new TreeSet<>())
                    .add(decision.caller().cluster());
        }
    }

    /** How the reason of a caller stopped at a target's federation gateway starts. */
    static final String GATEWAY_DENIAL = "denied at ";

    /**
     * What one table of the page shows: targets with equal tables share one. The same Service and
     * policies, and for each caller in order the same verdict, objects and reason (not the route).
     */
    private static final class Table {
        private final TargetAccess access;
        private final int hash;
        /** What the callers without a sidecar get, relative to the target's cluster: the same in equal tables. */
        final String plain;

        Table(TargetAccess access, Map<List<Decision>, Integer> rowHashes, String plain) {
            this.access = access;
            this.plain = plain;
            int h = access.target().namespace().hashCode() * 31
                    + access.target().service().hashCode();
            h = h * 31 + access.protectedBy().hashCode();
            Integer row = rowHashes.get(access.decisions());
            if (row == null) {
                row = rowHash(access.decisions());
                rowHashes.put(access.decisions(), row);
            }
            this.hash = (h * 31 + row) * 31 + plain.hashCode();
        }

        /**
         * The decisions' {@link DecisionRow#tableHash} as a polynomial in 31: the same for equal
         * decisions however a row cuts them into segments.
         */
        private static int rowHash(List<Decision> decisions) {
            int h = 0;
            if (decisions instanceof DecisionRow row) {
                for (int i = 0; i < row.segmentCount(); i++) {
                    DecisionRow.Segment segment = row.segment(i);
                    h = h * segment.power + segment.tableHash;
                }
            } else {
                for (Decision d : decisions) {
                    if (d.caller().sidecar()) {
                        h = h * 31 + DecisionRow.tableHash(d);
                    }
                }
            }
            return h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Table that) || that.hash != hash || !that.plain.equals(plain)) {
                return false;
            }
            TargetAccess a = access;
            TargetAccess b = that.access;
            if (!a.target().namespace().equals(b.target().namespace())
                    || !a.target().service().equals(b.target().service())
                    || !a.protectedBy().equals(b.protectedBy())
                    || a.decisions().size() != b.decisions().size()) {
                return false;
            }
            if (a.decisions() == b.decisions()) {
                return true;
            }
            if (a.decisions() instanceof DecisionRow x
                    && b.decisions() instanceof DecisionRow y
                    && x.segmentCount() == y.segmentCount()) {
                // segments hold the callers of one cluster each, so equal tables are cut alike
                boolean cutAlike = true;
                for (int i = 0; i < x.segmentCount() && cutAlike; i++) {
                    cutAlike = x.segment(i).size() == y.segment(i).size();
                }
                if (cutAlike) {
                    for (int i = 0; i < x.segmentCount(); i++) {
                        if (!x.segment(i).sameTable(y.segment(i))) {
                            return false;
                        }
                    }
                    return true;
                }
            }
            for (int i = 0; i < a.decisions().size(); i++) {
                if (a.decisions().get(i).caller().sidecar()
                        && !DecisionRow.sameTable(
                                a.decisions().get(i), b.decisions().get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The objects of a verdict as code spans, comma-separated; empty for none. */
    private static String codes(List<String> objects) {
        StringBuilder out = new StringBuilder();
        for (String object : objects) {
            out.append(out.length() == 0 ? "" : ", ").append(code(object));
        }
        return out.toString();
    }

    private static String code(String text) {
        return "`" + text.replace("`", "'").replace("|", "\\|") + "`";
    }

    /** The content of {@code access.json}. */
    public static String json(AccessMatrix matrix) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("topology", matrix.topology());
        matrix.userPolicies().ifPresent(count -> root.put("userPolicies", count));
        ArrayNode targets = root.putArray("targets");
        for (TargetAccess access : matrix.targets()) {
            ObjectNode item = targets.addObject();
            ObjectNode target = item.putObject("target");
            target.put("cluster", access.target().cluster());
            target.put("namespace", access.target().namespace());
            target.put("service", access.target().service());
            item.put("open", access.open());
            ArrayNode by = item.putArray("protectedBy");
            access.protectedBy().forEach(by::add);
            ArrayNode callers = item.putArray("callers");
            for (Decision decision : access.decisions()) {
                ObjectNode caller = callers.addObject();
                caller.put("cluster", decision.caller().cluster());
                caller.put("namespace", decision.caller().namespace());
                if (decision.caller().serviceAccount() != null) {
                    caller.put("serviceAccount", decision.caller().serviceAccount());
                }
                if (!decision.caller().sidecar()) {
                    caller.put("sidecar", false);
                }
                caller.put("verdict", decision.verdict().label());
                ArrayNode objects = caller.putArray("by");
                decision.by().forEach(objects::add);
                caller.put("reason", decision.reason());
                caller.put("via", decision.via());
            }
        }
        if (!matrix.routes().isEmpty()) {
            ArrayNode routes = root.putArray("routes");
            for (AccessMatrix.Route route : matrix.routes()) {
                ObjectNode item = routes.addObject();
                item.put("cluster", route.service().cluster());
                item.put("namespace", route.service().namespace());
                item.put("service", route.service().service());
                ArrayNode to = item.putArray("to");
                route.to().forEach(to::add);
            }
        }
        return Reports.WRITER.writeValueAsString(root) + "\n";
    }

    /**
     * Every admitted caller and target, as {@code spb/checkout -> msk/shop/payments (authorizationpolicy-shop.payments)};
     * {@code (open)} when no rendered policy selects the target.
     */
    public static SortedSet<String> edges(AccessMatrix matrix) {
        SortedSet<String> edges = new TreeSet<>();
        for (TargetAccess access : matrix.targets()) {
            for (Decision decision : access.decisions()) {
                if (decision.admitted()) {
                    edges.add(decision.caller() + " -> " + access.target() + " ("
                            + (decision.by().isEmpty()
                                    ? (access.open() ? "open" : "not denied")
                                    : String.join(", ", decision.by()))
                            + ")");
                }
            }
        }
        return edges;
    }

    /**
     * The admitted edges that differ between two matrices, sorted by edge: those only
     * {@code before} admits (removed) and those only {@code after} admits (added).
     */
    public static List<ChangePlan.AccessChange> changes(AccessMatrix before, AccessMatrix after) {
        Set<String> old = edges(before);
        Set<String> now = edges(after);
        List<ChangePlan.AccessChange> changes = new ArrayList<>();
        old.stream()
                .filter(edge -> !now.contains(edge))
                .forEach(edge -> changes.add(new ChangePlan.AccessChange(false, edge)));
        now.stream()
                .filter(edge -> !old.contains(edge))
                .forEach(edge -> changes.add(new ChangePlan.AccessChange(true, edge)));
        changes.sort(Comparator.comparing(ChangePlan.AccessChange::edge).thenComparing(ChangePlan.AccessChange::added));
        return changes;
    }
}
