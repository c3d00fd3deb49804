package io.dkpmesh.core.graph;

import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topology as a Mermaid flowchart, for reviewers: one box per region, a nested box per network,
 * a node per cluster and an edge per pair of peers, drawn in the style of the mesh model. The spokes
 * of a hub-and-spoke mesh with more than {@link #SPOKES_DRAWN} of them are one node.
 *
 * <p>Everything comes out in topology order (regions and networks in order of their first cluster,
 * meshes and members as written), so the text is deterministic and a change to {@code topology.yaml}
 * shows up as a small diff of the diagram.
 */
public final class MermaidGraph {

    /**
     * The edge of a mesh whose provider gave no style (none is registered for it: its meshes are not
     * rendered either).
     */
    static final String UNSTYLED = "---";

    /**
     * Spokes of one hub-and-spoke mesh drawn as their own nodes; past this many they are one node
     * ("N spokes"), listed by name under the diagram, so a fleet of 1,000 spokes stays a picture.
     */
    public static final int SPOKES_DRAWN = 8;

    private MermaidGraph() {}

    /** Whether a mesh's spokes are drawn as one node rather than a node each. */
    public static boolean groupsSpokes(Mesh mesh) {
        return mesh.spokes().size() > SPOKES_DRAWN;
    }

    /**
     * Clusters without a node of their own: spokes of grouped meshes that are in no other mesh, or
     * only spokes of grouped meshes (their group nodes stand for them).
     */
    private static java.util.Set<String> inGroupsOnly(Topology topology) {
        java.util.Set<String> grouped = new java.util.HashSet<>();
        for (Mesh mesh : topology.meshes()) {
            if (groupsSpokes(mesh)) {
                grouped.addAll(mesh.spokes());
            }
        }
        if (grouped.isEmpty()) {
            return grouped;
        }
        for (Mesh mesh : topology.meshes()) {
            if (!groupsSpokes(mesh)) {
                grouped.removeAll(mesh.clusters());
            } else {
                grouped.removeAll(mesh.hubs());
            }
        }
        return grouped;
    }

    /**
     * What each edge style means, in the order of {@code styles}; the same words are in the comment
     * of every diagram: {@code <--> istio federation, <==> istio multicluster, -.- cilium federation,
     * <-.-> cilium multicluster; single-cluster meshes are named in their cluster's node}.
     */
    static String legend(List<MeshStyle> styles) {
        List<String> parts = new ArrayList<>();
        styles.forEach(style -> parts.add(style.legend()));
        return String.join(", ", parts) + "; single-cluster meshes are named in their cluster's node";
    }

    /**
     * The diagram, ending with a newline, without a Markdown fence.
     *
     * @param styles how each provider draws its meshes (the registered providers', in the registry's order)
     */
    public static String render(Topology topology, List<MeshStyle> styles) {
        Map<Provider, MeshStyle> byProvider = new java.util.EnumMap<>(Provider.class);
        styles.forEach(style -> byProvider.putIfAbsent(style.provider(), style));
        StringBuilder out = new StringBuilder("flowchart LR\n");
        out.append("  %% edges: ").append(legend(styles)).append('\n');
        java.util.Set<String> hidden = inGroupsOnly(topology);
        int regionIndex = 0;
        for (Map.Entry<String, Map<Optional<String>, List<Cluster>>> region :
                byRegionAndNetwork(topology, hidden).entrySet()) {
            regionIndex++;
            // subgraph ids are positional: names joined into ids could collide, labels carry the names
            out.append("  subgraph region_")
                    .append(regionIndex)
                    .append(" [\"")
                    .append(label(region.getKey()))
                    .append("\"]\n");
            int networkIndex = 0;
            for (Map.Entry<Optional<String>, List<Cluster>> network :
                    region.getValue().entrySet()) {
                if (network.getKey().isEmpty()) {
                    network.getValue().forEach(cluster -> node(out, "    ", cluster, topology));
                    continue;
                }
                networkIndex++;
                out.append("    subgraph region_")
                        .append(regionIndex)
                        .append("_network_")
                        .append(networkIndex)
                        .append(" [\"")
                        .append(label(network.getKey().get()))
                        .append("\"]\n");
                network.getValue().forEach(cluster -> node(out, "      ", cluster, topology));
                out.append("    end\n");
            }
            out.append("  end\n");
        }
        for (int m = 0; m < topology.meshes().size(); m++) {
            Mesh mesh = topology.meshes().get(m);
            String edge = Optional.ofNullable(byProvider.get(mesh.provider()))
                    .map(style -> style.edge(mesh.type()))
                    .orElse(UNSTYLED);
            if (groupsSpokes(mesh)) {
                // one node for the spokes, outside the regions (they may span many); its id cannot clash with c_ ids
                String group = "spokes_" + (m + 1);
                // the names in a comment: the diagram alone (the graph goal) still says which clusters the node is
                out.append("  %% ")
                        .append(group)
                        .append(": ")
                        .append(label(String.join(", ", mesh.spokes())))
                        .append('\n');
                out.append("  ")
                        .append(group)
                        .append("[[\"")
                        .append(label(mesh.spokes().size() + " spokes of " + mesh.name()))
                        .append("<br/>")
                        .append(label("each peers with every hub"))
                        .append("\"]]\n");
                List<String> hubs = mesh.hubs();
                for (int i = 0; i < hubs.size(); i++) {
                    for (int j = i + 1; j < hubs.size(); j++) {
                        edgeLine(out, nodeId(hubs.get(i)), mesh, edge, nodeId(hubs.get(j)));
                    }
                    edgeLine(out, nodeId(hubs.get(i)), mesh, edge, group);
                }
                continue;
            }
            List<String> members = mesh.clusters();
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    if (mesh.peered(members.get(i), members.get(j))) {
                        edgeLine(out, nodeId(members.get(i)), mesh, edge, nodeId(members.get(j)));
                    }
                }
            }
        }
        return out.toString();
    }

    private static void edgeLine(StringBuilder out, String from, Mesh mesh, String edge, String to) {
        out.append("  ")
                .append(from)
                .append(' ')
                .append(edge)
                .append("|\"")
                .append(label(mesh.name()))
                .append("\"| ")
                .append(to)
                .append('\n');
    }

    /** Clusters without a network sit directly in their region; they come first under the empty key. */
    private static Map<String, Map<Optional<String>, List<Cluster>>> byRegionAndNetwork(
            Topology topology, java.util.Set<String> hidden) {
        Map<String, Map<Optional<String>, List<Cluster>>> regions = new LinkedHashMap<>();
        for (Cluster cluster : topology.clusters()) {
            if (hidden.contains(cluster.name())) {
                continue;
            }
            Map<Optional<String>, List<Cluster>> networks = regions.computeIfAbsent(cluster.region(), r -> {
                Map<Optional<String>, List<Cluster>> map = new LinkedHashMap<>();
                map.put(Optional.empty(), new ArrayList<>());
                return map;
            });
            networks.computeIfAbsent(cluster.network(), n -> new ArrayList<>()).add(cluster);
        }
        return regions;
    }

    private static void node(StringBuilder out, String indent, Cluster cluster, Topology topology) {
        List<String> facts = new ArrayList<>();
        facts.add(cluster.edition().label());
        cluster.zone().ifPresent(facts::add);
        cluster.environment().ifPresent(facts::add);
        StringBuilder text =
                new StringBuilder(label(cluster.name())).append("<br/>").append(label(String.join(" · ", facts)));
        for (Mesh mesh : topology.meshesOf(cluster.name())) {
            if (mesh.type() == MeshType.SINGLE) {
                // an edge to itself would be noise: a single-cluster mesh is a fact of the node
                text.append("<br/>")
                        .append(label(mesh.name() + ": " + mesh.provider().label() + " single"));
            }
        }
        out.append(indent)
                .append(nodeId(cluster.name()))
                .append("[\"")
                .append(text)
                .append("\"]\n");
    }

    /**
     * {@code c_} and the name with {@code -} as {@code _}: cluster names are validated DNS labels,
     * so this is unique and never a Mermaid keyword such as {@code end}. Any other character (only
     * possible for unvalidated input) becomes its code point, to keep the output valid Mermaid.
     */
    static String nodeId(String clusterName) {
        StringBuilder id = new StringBuilder("c_");
        clusterName.codePoints().forEach(cp -> {
            if (cp < 128 && Character.isLetterOrDigit(cp)) {
                id.appendCodePoint(cp);
            } else if (cp == '-') {
                id.append('_');
            } else {
                id.append("_u").append(Integer.toHexString(cp)).append('_');
            }
        });
        return id.toString();
    }

    /**
     * Text for inside a quoted Mermaid label: {@code "} would end the label, {@code <}, {@code >}
     * and {@code &} would be read as HTML, {@code |} ends an edge label and a backtick starts a
     * Markdown string (and would end the Markdown fence around the diagram), so each becomes a
     * Mermaid entity code; line breaks become spaces.
     */
    static String label(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("#quot;");
                case '#' -> out.append("#35;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '&' -> out.append("#amp;");
                case '|' -> out.append("#124;");
                case '`' -> out.append("#96;");
                default -> {
                    if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                        out.append(' ');
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }
}
