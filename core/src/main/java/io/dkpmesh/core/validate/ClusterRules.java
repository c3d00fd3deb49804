package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cidr;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;

/** Cluster names are unique; subnets are real networks. */
final class ClusterRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        Rule.uniqueNames(
                topology.clusters(),
                Cluster::name,
                Cluster::pointer,
                "cluster",
                MeshRules.undefined(topology),
                findings);
        for (Cluster cluster : topology.clusters()) {
            subnet(findings, cluster.pointer() + "/podSubnetCIDR", cluster.podSubnetCIDR());
            subnet(findings, cluster.pointer() + "/serviceSubnetCIDR", cluster.serviceSubnetCIDR());
        }
    }

    private static void subnet(Findings findings, String pointer, String value) {
        Cidr.parse(value)
                .ifPresentOrElse(
                        cidr -> {
                            if (cidr.hasHostBits()) {
                                findings.error(
                                        FindingCode.INVALID_CIDR,
                                        pointer,
                                        Text.quote(value) + " has host bits set; perhaps you meant " + cidr.network());
                            }
                        },
                        () -> findings.error(
                                FindingCode.INVALID_CIDR,
                                pointer,
                                Text.quote(value) + " is not an IPv4 CIDR such as 10.111.0.0/16"));
    }
}
