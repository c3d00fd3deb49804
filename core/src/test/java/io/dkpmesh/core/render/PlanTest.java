package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the planners decided: documents in order, and per phase folder the resources and custom kinds it lists. */
class PlanTest {

    private static Plan plan() {
        return new Plan(
                Models.federation(), Map.of("msk", "PEM"), new Findings(new SourceMap("t.yaml")), Providers.BUILT_IN);
    }

    @Test
    void clustersAreLookedUpAsTheTopologyFindsThem() {
        Plan plan = plan();
        assertThat(plan.cluster("spb")).isEqualTo(plan.topology().cluster("spb"));
        assertThat(plan.cluster("kzn")).isEmpty();
        assertThat(plan.metadataCAs()).containsEntry("msk", "PEM");
    }

    @Test
    void aClusterResourceIsListedInItsPhaseFolderWithItsKind() {
        Plan plan = plan();
        Kustomization model = Kustomization.of(List.of());
        plan.add(Document.clusterResource(
                "msk", "istiofederation-spb.yaml", "istiofederation.yaml.ftl", model, Phase.PEERS));
        plan.add(Document.clusterResource(
                "msk", "moduleconfig-istio.yaml", "moduleconfig-istio.yaml.ftl", model, Phase.MODULES));
        plan.add(Document.clusterResource("msk", "extra.yaml", "something-else.yaml.ftl", model, Phase.PEERS));
        assertThat(plan.resources("msk", Phase.PEERS)).containsExactly("istiofederation-spb.yaml", "extra.yaml");
        assertThat(plan.resources("msk", Phase.MODULES)).containsExactly("moduleconfig-istio.yaml");
        assertThat(plan.resources("spb", Phase.PEERS)).isEmpty();
        assertThat(plan.customResources("msk", Phase.PEERS))
                .extracting(CustomResource::kind)
                .containsExactly("IstioFederation");
        assertThat(plan.customResources("msk", Phase.MODULES))
                .extracting(CustomResource::kind)
                .containsExactly("ModuleConfig");
        assertThat(plan.customResources("spb", Phase.MODULES)).isEmpty();
    }

    /** The order the Flux health checks list CRDs in: the providers' order, not the order planned. */
    @Test
    void aFoldersKindsComeInTheRegistrysOrder() {
        Plan plan = plan();
        Kustomization model = Kustomization.of(List.of());
        plan.add(Document.clusterResource("msk", "cnp.yaml", "ciliumnetworkpolicy.yaml.ftl", model, Phase.PEERS));
        plan.add(Document.clusterResource("msk", "pa.yaml", "peerauthentication.yaml.ftl", model, Phase.PEERS));
        plan.add(Document.clusterResource("msk", "if.yaml", "istiofederation.yaml.ftl", model, Phase.PEERS));
        assertThat(plan.customResources("msk", Phase.PEERS))
                .extracting(CustomResource::kind)
                .containsExactly("IstioFederation", "PeerAuthentication", "CiliumNetworkPolicy");
        // without providers no template renders a custom kind
        Plan bare = new Plan(Models.federation(), Map.of(), new Findings(new SourceMap("t.yaml")));
        bare.add(Document.clusterResource("msk", "if.yaml", "istiofederation.yaml.ftl", model, Phase.PEERS));
        assertThat(bare.customResources("msk", Phase.PEERS)).isEmpty();
    }

    @Test
    void aFileOutsideThePhasesIsPlannedButListedNowhere() {
        Plan plan = plan();
        plan.add(Document.file("clusters/msk/kustomization.yaml", Kustomization.TEMPLATE, Kustomization.of(List.of())));
        assertThat(plan.planned("clusters/msk/kustomization.yaml")).isTrue();
        assertThat(plan.planned("clusters/spb/kustomization.yaml")).isFalse();
        assertThat(plan.resources("msk", Phase.PEERS)).isEmpty();
        assertThat(plan.documents()).extracting(Document::path).containsExactly("clusters/msk/kustomization.yaml");
    }

    @Test
    void documentsAreACopyInTheOrderAdded() {
        Plan plan = plan();
        plan.add(Document.file("b", Kustomization.TEMPLATE, Kustomization.of(List.of())));
        List<Document> before = plan.documents();
        plan.add(Document.file("a", Kustomization.TEMPLATE, Kustomization.of(List.of())));
        assertThat(before).hasSize(1);
        assertThat(plan.documents()).extracting(Document::path).containsExactly("b", "a");
    }
}
