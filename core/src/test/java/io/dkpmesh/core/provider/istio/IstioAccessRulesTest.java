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
 * The rule alone: an Istio access rule must be enforceable by what an AuthorizationPolicy sees of a
 * caller. In a federation the policy sits with an exporter; in a multicluster all members share one
 * trust domain, so a caller's cluster shows only as its pod IP, and only on a flat network that
 * keeps source IPs (deckhouse modules/021-cni-cilium/templates/configmap.yaml masquerades otherwise).
 */
class IstioAccessRulesTest {

    private static final String MULTICLUSTER = Topologies.FEDERATION.replace("type: federation", "type: multicluster");

    @Test
    void aFederationRuleOnANamespaceThatExportsNothingHasNoMemberToHoldIt() {
        assertThat(check(Topologies.FEDERATION, "{namespace: billing, from: [{namespace: web}]}"))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM504", "/spec/meshes/0/access/0/namespace"));
        assertThat(check(Topologies.FEDERATION, "{namespace: shop, service: catalog, from: [{namespace: web}]}"))
                .isEmpty();
    }

    @Test
    void aMulticlusterAdmitsCallersByClusterOnlyOnAFlatNetworkThatKeepsSourceIps() {
        String byCluster = "{namespace: shop, from: [{cluster: spb, namespace: web}]}";

        List<Finding> shared = check(MULTICLUSTER, byCluster);
        assertThat(shared)
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM502", "/spec/meshes/0/access/0/from/0/cluster"));
        assertThat(shared.get(0).message()).contains("all members share one trust domain");
        String flat = MULTICLUSTER.replace(
                "  clusters: [msk, spb, ams]\n", "  clusters: [msk, spb, ams]\n      flatNetwork: true\n");
        assertThat(check(flat, byCluster))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("DKP's cni-cilium masquerades"));
        String kept = flat.replace("flatNetwork: true\n", "flatNetwork: true\n      sourceIPPreserved: true\n");
        assertThat(check(kept, byCluster)).isEmpty();
    }

    @Test
    void aCiliumMeshIsNotItsConcern() {
        assertThat(check(
                        MULTICLUSTER.replace("provider: istio", "provider: cilium"),
                        "{namespace: shop, from: [{cluster: spb}]}"))
                .isEmpty();
    }

    /** Runs the rule on {@code base} with one access rule. */
    private static List<Finding> check(String base, String rule) {
        String yaml = base + "      access:\n        - " + rule + "\n";
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new IstioAccessRules().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
