package io.dkpmesh.core.testing;

/** Small topologies for check tests: a valid 3-cluster EE federation to mutate line by line. */
public final class Topologies {

    private Topologies() {}

    /** Line numbers in comments are relied on by tests: keep them when editing. */
    public static final String FEDERATION = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: retail
            spec:
              clusters:
                - name: msk
                  edition: EE
                  region: ru-central
                  clusterDomain: msk.local
                  publicDomain: k8s-msk.example.com
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                - name: spb
                  edition: EE
                  region: ru-central
                  clusterDomain: spb.local
                  publicDomain: k8s-spb.example.com
                  podSubnetCIDR: 10.112.0.0/16
                  serviceSubnetCIDR: 10.223.0.0/16
                - name: ams
                  edition: EE
                  region: eu-west
                  clusterDomain: ams.local
                  publicDomain: k8s-ams.example.com
                  podSubnetCIDR: 10.113.0.0/16
                  serviceSubnetCIDR: 10.224.0.0/16
              meshes:
                - name: retail-federation
                  type: federation
                  provider: istio
                  clusters: [msk, spb, ams]
                  exports:
                    - {cluster: msk, namespace: shop, service: catalog}
            """;
}
