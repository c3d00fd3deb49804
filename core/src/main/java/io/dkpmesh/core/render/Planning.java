package io.dkpmesh.core.render;

import io.dkpmesh.core.graph.MermaidGraph;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan step: every provider's planners, the kustomizations, the delivery and the topology page
 * decide which documents to render, from which template with which data. Pure, like {@link Renderer}.
 */
public final class Planning {

    private Planning() {}

    /**
     * @param metadataCAs PEM of each cluster's metadata CA, when it has one
     * @param providers   the registered mesh providers ({@code provider.Providers}), whose planners run in this order
     * @return the documents to render, with findings added for what cannot be planned
     */
    public static Plan plan(
            Topology topology, Map<String, String> metadataCAs, List<MeshProvider> providers, Findings findings) {
        Plan plan = new Plan(topology, metadataCAs, findings, providers);
        providers.forEach(provider -> provider.planners().forEach(planner -> planner.plan(plan)));
        // delivers the trees, so it runs once their kustomizations are planned
        DeliveryPlanner delivery = DeliveryPlanner.of(topology.gitops().delivery());
        kustomizations(plan, delivery);
        delivery.plan(plan);
        plan.add(topologyPage(topology, graphStyles(providers)));
        return plan;
    }

    /**
     * Every phase folder gets a kustomization listing its objects, and the cluster root one lists
     * the phase folders in apply order: with {@code sortOptions: fifo} kustomize keeps that order,
     * so `kubectl apply -k` turns the module settings on before DKP sees the peer objects. Under
     * Argo CD, which applies a whole tree in one sync, each phase folder stamps its objects with
     * the phase's sync wave (kustomize commonAnnotations: one place, every object alike).
     */
    private static void kustomizations(Plan plan, DeliveryPlanner delivery) {
        for (Cluster cluster : plan.topology().clusters()) {
            List<String> phases = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                List<String> resources =
                        plan.resources(cluster.name(), phase).stream().sorted().toList();
                if (!resources.isEmpty()) {
                    plan.add(Document.file(
                            Layout.kustomization(Layout.phaseFolder(cluster.name(), phase)),
                            Kustomization.TEMPLATE,
                            new Kustomization(
                                    resources,
                                    delivery.phaseAnnotations(phase, plan.customResources(cluster.name(), phase)))));
                    phases.add(phase.folder());
                }
            }
            // every member gets one, so `kubectl kustomize clusters/<cluster>` works even with nothing but components
            if (!phases.isEmpty() || !plan.topology().meshesOf(cluster.name()).isEmpty()) {
                plan.add(Document.file(
                        Layout.kustomization(Layout.clusterRoot(cluster.name())),
                        Kustomization.TEMPLATE,
                        Kustomization.of(phases)));
            }
        }
    }

    /** How the providers draw their meshes in the topology diagram, in the registry's order. */
    public static List<MeshStyle> graphStyles(List<MeshProvider> providers) {
        return providers.stream().map(MeshProvider::graphStyle).toList();
    }

    /**
     * {@code TOPOLOGY.md} at the root of the tree: the pull request that changes the topology shows
     * the new picture next to the changed objects. Fleet-wide (no cluster), so it is rewritten by
     * every render, partial ones included.
     */
    private static Document topologyPage(Topology topology, List<MeshStyle> styles) {
        return Document.file(
                Layout.TOPOLOGY_PAGE,
                "topology.md.ftl",
                new TopologyPage(
                        topology.name(),
                        MermaidGraph.render(topology, styles),
                        topology.meshes().stream().map(MeshRow::of).toList()));
    }

    /**
     * The data of {@code topology.md.ftl}.
     *
     * @param mermaid the diagram, already escaped for Mermaid ({@link MermaidGraph})
     * @param meshes  the table's rows, in the topology's order
     */
    public record TopologyPage(String name, String mermaid, List<MeshRow> meshes) {}

    /**
     * One row of the table of meshes in {@code TOPOLOGY.md}: type and provider as the topology spells
     * them; for a hub-and-spoke mesh its hubs and spokes, the spokes listed under the table when the
     * diagram draws them as one node.
     */
    public record MeshRow(
            String name,
            String type,
            String provider,
            List<String> members,
            List<String> hubs,
            List<String> spokes,
            boolean spokesGrouped) {
        static MeshRow of(Mesh mesh) {
            return new MeshRow(
                    mesh.name(),
                    mesh.type().label(),
                    mesh.provider().label(),
                    mesh.clusters(),
                    mesh.hubs(),
                    mesh.spokes(),
                    MermaidGraph.groupsSpokes(mesh));
        }
    }
}
