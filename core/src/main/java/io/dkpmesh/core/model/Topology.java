package io.dkpmesh.core.model;

import java.util.List;
import java.util.Optional;

/** A whole MeshTopology, immutable, after its structure has been validated. */
public record Topology(String name, Gitops gitops, List<Cluster> clusters, List<Mesh> meshes, Policies policies) {

    public Topology {
        clusters = List.copyOf(clusters);
        meshes = List.copyOf(meshes);
    }

    public Optional<Cluster> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The meshes a cluster belongs to, in topology order. */
    public List<Mesh> meshesOf(String cluster) {
        return meshes.stream().filter(m -> m.has(cluster)).toList();
    }

    /** The Cilium meshes that join clusters ({@link Mesh#isClusterMesh}), in topology order. */
    public List<Mesh> clusterMeshes() {
        return meshes.stream().filter(Mesh::isClusterMesh).toList();
    }
}
