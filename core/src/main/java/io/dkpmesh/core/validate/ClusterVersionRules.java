package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;

/**
 * What a cluster's own facts allow: here, fetching its metadata unverified. What a provider's
 * module settings and the cluster's DKP release allow is the provider's rule, at
 * {@link Rule.Point#AFTER_CLUSTER_VERSIONS} (Istio's: {@code moduleSettings.istio}, and the release
 * that binds trust domains to their CA).
 */
final class ClusterVersionRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Cluster cluster : topology.clusters()) {
            insecureMetadata(cluster, findings);
        }
    }

    /**
     * The metadata a peer fetches holds the cluster's root CA, which the peer then trusts: without
     * verification anyone on the path can make it trust theirs. The hook uses metadata.ca when set
     * and only otherwise insecureSkipVerify (ee/modules/110-istio/hooks/ee/federation_discovery.go).
     */
    private static void insecureMetadata(Cluster cluster, Findings findings) {
        if (!cluster.metadataInsecureSkipVerify()) {
            return;
        }
        String pointer = cluster.pointer() + "/metadataInsecureSkipVerify";
        if (cluster.metadataCA().isPresent()) {
            findings.warning(
                    FindingCode.METADATA_ENDPOINT,
                    pointer,
                    "cluster " + Text.quote(cluster.name())
                            + " has metadataCA too, and DKP verifies with the CA whenever one is given, so insecureSkipVerify is not rendered");
        } else {
            findings.warning(
                    FindingCode.METADATA_ENDPOINT,
                    pointer,
                    "peers fetch the metadata of cluster " + Text.quote(cluster.name())
                            + " without verifying its certificate; that metadata carries the root CA they will trust, so anyone on the path can "
                            + "inject a CA: prefer metadataCA with the CA that signs the endpoint's certificate");
        }
    }
}
