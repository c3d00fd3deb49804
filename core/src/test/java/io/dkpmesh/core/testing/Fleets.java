package io.dkpmesh.core.testing;

/** Generated topologies larger than {@link Topologies}: enough files that a write takes a while. */
public final class Fleets {

    private Fleets() {}

    /** An Istio federation of {@code clusters} EE clusters, all peers of each other, named {@code name}. */
    public static String federation(String name, int clusters) {
        StringBuilder out = new StringBuilder("""
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: %s
                spec:
                  clusters:
                """.formatted(name));
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < clusters; i++) {
            String c = String.format("c%02d", i);
            out.append("""
                        - name: %s
                          edition: EE
                          region: ru-central
                          clusterDomain: %s.local
                          publicDomain: k8s-%s.example.com
                          podSubnetCIDR: 10.%d.0.0/16
                          serviceSubnetCIDR: 10.%d.0.0/16
                    """.formatted(c, c, c, i, 100 + i));
            members.append(i == 0 ? "" : ", ").append(c);
        }
        out.append("""
                  meshes:
                    - name: fleet
                      type: federation
                      provider: istio
                      clusters: [%s]
                      exports:
                        - {cluster: c00, namespace: shop, service: catalog}
                """.formatted(members));
        return out.toString();
    }

    /**
     * A mesh of {@code clusters} members named {@code c0000}, {@code c0001}, ..., the first
     * {@code hubs} of them its hubs (none: a full mesh), with pod and service subnets unique up to
     * 16,384 clusters. Provider istio gives a federation of EE clusters exporting {@code shop/catalog}
     * from {@code c0000}; cilium a federation of Helm Cilium members with ids 1, 2, ... and the mesh's
     * {@code maxConnectedClusters} set to {@code maxConnected}.
     */
    public static String hubAndSpoke(String name, String provider, int clusters, int hubs, int maxConnected) {
        boolean cilium = provider.equals("cilium");
        StringBuilder out = new StringBuilder("""
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: %s
                spec:
                  clusters:
                """.formatted(name));
        StringBuilder members = new StringBuilder();
        StringBuilder hubNames = new StringBuilder();
        for (int i = 0; i < clusters; i++) {
            String c = String.format("c%04d", i);
            out.append("""
                        - name: %s
                          edition: EE
                          region: ru-central
                          clusterDomain: %s.local
                          publicDomain: k8s-%s.example.com
                          podSubnetCIDR: 10.%d.%d.0/24
                          serviceSubnetCIDR: 100.%d.%d.0/24
                    """.formatted(c, c, c, i / 256, i % 256, 64 + i / 256, i % 256));
            if (cilium) {
                out.append(
                        "      cilium: {id: %d, install: helm, apiserver: {address: clustermesh.%s.example.com, port: 2379}}\n"
                                .formatted(i + 1, c));
            }
            members.append(i == 0 ? "" : ", ").append(c);
            if (i < hubs) {
                hubNames.append(i == 0 ? "" : ", ").append(c);
            }
        }
        out.append("""
                  meshes:
                    - name: fleet
                      type: federation
                      provider: %s
                      clusters: [%s]
                """.formatted(provider, members));
        if (hubs > 0) {
            out.append("      hubs: [%s]\n".formatted(hubNames));
        }
        if (cilium) {
            out.append("      cilium: {maxConnectedClusters: %d}\n".formatted(maxConnected));
            out.append(
                    "      exports:\n        - {cluster: c0000, namespace: shop, service: catalog, ports: [{name: http, port: 80}]}\n");
        } else {
            out.append("      exports:\n        - {cluster: c0000, namespace: shop, service: catalog}\n");
        }
        return out.toString();
    }
}
