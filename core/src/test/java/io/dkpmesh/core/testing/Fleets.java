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
}
