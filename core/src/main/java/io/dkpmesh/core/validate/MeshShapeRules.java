package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Topology;
import java.util.List;
import java.util.Optional;

/**
 * The shape and size of each mesh: hubs that are members and make a hub-and-spoke shape the mesh
 * model allows, members whose peer count passes {@link #PEER_WARNING}, and full meshes too large to
 * render. It runs with the identity rules, before anything costs N² (finding-help.properties says
 * why each threshold is what it is).
 */
final class MeshShapeRules implements Rule {

    /** Peers of one member above which a warning says what grows with them: dkp-mesh's choice (DKPM214). */
    static final int PEER_WARNING = 50;

    /**
     * Members of a full mesh above which it is refused: each would have more peers than Cilium's
     * largest ClusterMesh (maxConnectedClusters 511, cilium chart values.yaml), the only per-cluster
     * ceiling any provider here documents.
     */
    static final int FULL_MESH_LIMIT = 512;

    private final ProviderRules providers;

    /**
     * @param providers what each mesh's provider answers: whether it takes hubs, whether it has too
     *     many members, what grows per peer ({@link MeshFacts})
     */
    MeshShapeRules(ProviderRules providers) {
        this.providers = providers;
    }

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            hubs(mesh, providers.of(mesh), findings);
            size(mesh, providers.of(mesh), findings);
        }
    }

    /** Whether some mesh is refused for its size: the later rules then wait (their work grows with it). */
    static boolean refused(Topology topology, ProviderRules providers) {
        return topology.meshes().stream().anyMatch(mesh -> tooLarge(mesh, providers.of(mesh)));
    }

    private static boolean tooLarge(Mesh mesh, MeshFacts facts) {
        return (mesh.type() != MeshType.SINGLE
                        && !mesh.hubAndSpoke()
                        && mesh.clusters().size() > FULL_MESH_LIMIT)
                || facts.tooManyMembers(mesh).isPresent();
    }

    private static void refuse(MeshFacts.Refusal refusal, Findings findings) {
        findings.error(refusal.code(), refusal.pointer(), refusal.message());
    }

    private static void hubs(Mesh mesh, MeshFacts facts, Findings findings) {
        if (!mesh.hubAndSpoke()) {
            return;
        }
        String pointer = mesh.pointer() + "/hubs";
        if (mesh.type() == MeshType.SINGLE) {
            findings.error(
                    FindingCode.HUBS_NO_SHAPE,
                    pointer,
                    "mesh " + Text.quote(mesh.name()) + " is of type single: it has no peers, so no hubs; remove hubs");
            return;
        }
        Optional<MeshFacts.Refusal> refused = facts.refusesHubs(mesh);
        if (refused.isPresent()) {
            refuse(refused.get(), findings);
            return;
        }
        boolean allMembers = true;
        for (int i = 0; i < mesh.hubs().size(); i++) {
            String hub = mesh.hubs().get(i);
            if (!mesh.has(hub)) {
                allMembers = false;
                findings.error(
                        FindingCode.HUB_NOT_MEMBER,
                        pointer + "/" + i,
                        "hub " + Text.quote(hub) + " is not a member of mesh " + Text.quote(mesh.name())
                                + "; a hub is one of the mesh's clusters"
                                + Rule.closest(hub, mesh.clusters())
                                        .map(c -> " (perhaps " + Text.quote(c) + ")")
                                        .orElse(", add it to clusters"));
            }
        }
        if (allMembers && mesh.hubs().size() == mesh.clusters().size()) {
            findings.warning(
                    FindingCode.HUBS_NO_SHAPE,
                    pointer,
                    "every member of mesh " + Text.quote(mesh.name()) + " is a hub, so every member peers with every"
                            + " other: that is a full mesh; list only some members as hubs, or remove hubs");
        }
    }

    private static void size(Mesh mesh, MeshFacts facts, Findings findings) {
        if (mesh.type() == MeshType.SINGLE) {
            return;
        }
        int n = mesh.clusters().size();
        Optional<MeshFacts.Refusal> tooMany = facts.tooManyMembers(mesh);
        if (tooMany.isPresent()) {
            refuse(tooMany.get(), findings);
            return;
        }
        if (!mesh.hubAndSpoke() && n > FULL_MESH_LIMIT) {
            findings.error(
                    FindingCode.FULL_MESH_TOO_LARGE,
                    mesh.pointer(),
                    "mesh " + Text.quote(mesh.name()) + " is a full mesh of " + n + " clusters: each would peer with "
                            + (n - 1) + " others, " + Text.count((long) n * (n - 1), "peer object") + " in all;"
                            + " dkp-mesh renders full meshes of up to " + FULL_MESH_LIMIT + " members."
                            + facts.growsPerPeer(mesh)
                            + " Give the mesh hubs (hubs: [..]): spokes then peer with the hubs only");
            return;
        }
        List<String> crowded = mesh.clusters().stream()
                .filter(c -> mesh.peerCount(c) > PEER_WARNING)
                .toList();
        if (crowded.isEmpty()) {
            return;
        }
        int most = crowded.stream().mapToInt(mesh::peerCount).max().orElse(0);
        String who = crowded.size() == n
                ? "every member has " + most + " peers"
                : Text.count(crowded.size(), "member") + " (" + names(crowded) + ") "
                        + (crowded.size() == 1 ? "has " : "have up to ") + most + " peers";
        findings.warning(
                FindingCode.PEER_COUNT,
                mesh.pointer(),
                "in mesh " + Text.quote(mesh.name()) + ", " + who + ", more than " + PEER_WARNING + "."
                        + facts.growsPerPeer(mesh)
                        + (mesh.hubAndSpoke()
                                ? " A hub carries every spoke: to bound it, split the spokes among several"
                                        + " hub-and-spoke meshes"
                                : " Give the mesh hubs (hubs: [..]): spokes then peer with the hubs only"));
    }

    /** The first few names, and how many more. */
    private static String names(List<String> clusters) {
        int shown = Math.min(clusters.size(), 5);
        String head = String.join(", ", clusters.subList(0, shown));
        return clusters.size() > shown ? head + " and " + (clusters.size() - shown) + " more" : head;
    }
}
