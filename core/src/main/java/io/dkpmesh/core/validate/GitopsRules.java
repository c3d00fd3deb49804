package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Delivery;
import io.dkpmesh.core.model.Gitops;
import io.dkpmesh.core.model.Topology;

/**
 * What the chosen GitOps tool needs beyond the schema: Argo CD a destination for every cluster
 * it delivers to. What a provider's delivery needs besides is its rule's (Cilium: a pinned chart,
 * at {@link Rule.Point#AFTER_GITOPS}).
 */
final class GitopsRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        Gitops gitops = topology.gitops();
        if (gitops.delivery() instanceof Delivery.ArgoCd) {
            for (Cluster cluster : topology.clusters()) {
                if (cluster.apiServer().isEmpty()
                        && !topology.meshesOf(cluster.name()).isEmpty()) {
                    findings.error(
                            FindingCode.GITOPS,
                            cluster.pointer(),
                            "cluster " + Text.quote(cluster.name())
                                    + " has no apiServer, but Argo CD needs it as the destination of the cluster's Application;"
                                    + " set apiServer to the URL Argo CD knows the cluster by (for the cluster Argo CD runs in: https://kubernetes.default.svc)");
                }
            }
        }
    }
}
