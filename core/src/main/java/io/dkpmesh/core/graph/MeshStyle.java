package io.dkpmesh.core.graph;

import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;

/**
 * How the diagram draws one provider's meshes: what a provider answers through
 * {@code render.MeshProvider.graphStyle()}. The Mermaid edge between two peers of its federations
 * and of its multiclusters, each different from every other provider's, so a reviewer tells the
 * models apart; the legend names each with the provider's label. A single-cluster mesh has no edge.
 *
 * @param federation   the edge between two peers of a federation (Istio {@code <-->})
 * @param multicluster the edge between two members of a multicluster (Istio {@code <==>})
 */
public record MeshStyle(Provider provider, String federation, String multicluster) {

    /** The edge between two peers of a mesh of this type. */
    public String edge(MeshType type) {
        return type == MeshType.MULTICLUSTER ? multicluster : federation;
    }

    /** Its part of the legend: {@code <--> istio federation, <==> istio multicluster}. */
    String legend() {
        return federation + " " + provider.label() + " federation, " + multicluster + " " + provider.label()
                + " multicluster";
    }
}
