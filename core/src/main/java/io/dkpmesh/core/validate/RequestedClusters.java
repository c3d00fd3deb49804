package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import java.util.Set;

/** The clusters a request names, which the topology must define. */
public final class RequestedClusters {

    private RequestedClusters() {}

    /** Clusters asked for by name that the topology does not define; about the whole topology file. */
    public static void check(Topology topology, Set<String> clusters, Findings findings) {
        clusters.stream()
                .sorted()
                .filter(name -> topology.cluster(name).isEmpty())
                .forEach(name -> findings.inFile(
                        FindingCode.UNKNOWN_REFERENCE,
                        findings.positions().file(),
                        0,
                        "",
                        "cluster " + Text.quote(name)
                                + ", asked for among the clusters to render, is not in the topology; known clusters: "
                                + topology.clusters().stream()
                                        .map(Cluster::name)
                                        .sorted()
                                        .toList()));
    }
}
