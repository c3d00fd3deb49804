package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cidr;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import java.util.HashMap;
import java.util.Map;

/** Cluster names are unique; subnets are real networks. */
final class ClusterRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        Map<String, Cluster> byName = new HashMap<>();
        for (Cluster cluster : topology.clusters()) {
            Cluster first = byName.putIfAbsent(cluster.name(), cluster);
            if (first != null) {
                findings.error(FindingCode.DUPLICATE_NAME, cluster.pointer() + "/name", "cluster name "
                        + Text.quote(cluster.name()) + " is already used at " + first.pointer() + "; cluster names must be unique");
            }
            subnet(findings, cluster.pointer() + "/podSubnetCIDR", cluster.podSubnetCIDR());
            subnet(findings, cluster.pointer() + "/serviceSubnetCIDR", cluster.serviceSubnetCIDR());
        }
    }

    private static void subnet(Findings findings, String pointer, String value) {
        Cidr.parse(value).ifPresentOrElse(cidr -> {
            if (cidr.hasHostBits()) {
                findings.error(FindingCode.INVALID_CIDR, pointer, Text.quote(value)
                        + " has host bits set; perhaps you meant " + cidr.network());
            }
        }, () -> findings.error(FindingCode.INVALID_CIDR, pointer, Text.quote(value) + " is not an IPv4 CIDR such as 10.111.0.0/16"));
    }
}
