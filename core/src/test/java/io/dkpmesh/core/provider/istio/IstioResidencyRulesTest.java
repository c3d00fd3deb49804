package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.TopologyReader;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule alone: DKP's istio multicluster shares every namespace, listed or not (deckhouse
 * ee/modules/110-istio/templates/multicluster/api-proxy/rbac-for-us.yaml), and a failover or
 * distribute target sends callers to that region's endpoints (istio
 * pilot/pkg/networking/core/loadbalancer/loadbalancer.go): both expose a residency-bound namespace
 * to the clusters they reach.
 */
class IstioResidencyRulesTest {

    private static final String MULTICLUSTER = Topologies.FEDERATION.replace("type: federation", "type: multicluster");
    private static final String PII =
            "  policies:\n    residency:\n      - {namespace: pii, allowedClusters: [msk, spb]}\n";

    @Test
    void aMulticlusterJoiningAnOutsideMemberExposesTheNamespaceListedOrNot() {
        List<Finding> unlisted = check(MULTICLUSTER + PII);
        assertThat(unlisted)
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM503", "/spec/meshes/0/clusters/2"));
        assertThat(unlisted.get(0).message()).contains("DKP shares every namespace between multicluster members");
        String listed = MULTICLUSTER.replace(
                "  clusters: [msk, spb, ams]\n", "  clusters: [msk, spb, ams]\n      namespaces: [pii]\n");
        assertThat(check(listed + PII)).extracting(Finding::pointer).containsExactly("/spec/meshes/0/namespaces/0");
    }

    @Test
    void aFailoverIntoARegionOfOutsideClustersExposesIt() {
        String failover = MULTICLUSTER.replace("type: multicluster", "type: federation")
                + "      traffic:\n        - {namespace: pii, service: profiles, failover: [{from: ru-central, to: eu-west}]}\n";
        assertThat(check(failover + PII))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM503", "/spec/meshes/0/traffic/0/failover/0/to"));
    }

    @Test
    void aCiliumMeshIsNotItsConcern() {
        assertThat(check(MULTICLUSTER.replace("provider: istio", "provider: cilium") + PII))
                .isEmpty();
    }

    private static List<Finding> check(String yaml) {
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new IstioResidencyRules().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
