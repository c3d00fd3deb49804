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
 * The rule alone: moduleSettings.istio never carries the root CA's key (ca), a key the istio
 * module's settings lack is said (deckhouse modules/110-istio/openapi/config-values.yaml), and a
 * federation exporter before DKP 1.76 trusts every peer's CA for every trust domain (deckhouse
 * CHANGELOG v1.76.0, PR #18502), so a caller by cluster cannot be enforced there.
 */
class IstioModuleRulesTest {

    private static final String SETTINGS_OF_MSK = "      clusterDomain: msk.local\n";

    @Test
    void theCaKeyIsRefusedAndAnUnknownKeyIsSaid() {
        String yaml = Topologies.FEDERATION.replace(
                SETTINGS_OF_MSK,
                SETTINGS_OF_MSK + "      moduleSettings:\n        istio: {ca: {cert: x}, tracng: {}}\n");

        assertThat(check(yaml))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple("DKPM310", "/spec/clusters/0/moduleSettings/istio/ca"),
                        tuple("DKPM315", "/spec/clusters/0/moduleSettings/istio/tracng"));
    }

    @Test
    void aCallerByClusterOfAFederationExporterBeforeTheTrustDomainBindingIsRefused() {
        String old = Topologies.FEDERATION.replace(SETTINGS_OF_MSK, SETTINGS_OF_MSK + "      dkpVersion: \"1.75\"\n")
                + "      access:\n        - {namespace: shop, service: catalog, from: [{cluster: spb, namespace: web}]}\n";

        assertThat(check(old))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple("DKPM311", "/spec/meshes/0/access/0/from/0/cluster"));
        assertThat(check(old.replace("\"1.75\"", "\"1.76\""))).isEmpty();
    }

    private static List<Finding> check(String yaml) {
        LoadedDocument document = YamlLoader.loadTopology("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Findings findings = new Findings(document.positions());
        new IstioModuleRules().check(TopologyReader.read(document.root().orElseThrow()), findings);
        return findings.sorted();
    }
}
