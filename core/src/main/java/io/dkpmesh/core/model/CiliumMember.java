package io.dkpmesh.core.model;

/** A cluster's ClusterMesh identity and its clustermesh-apiserver endpoint. */
public record CiliumMember(int id, String address, int port) {
}
