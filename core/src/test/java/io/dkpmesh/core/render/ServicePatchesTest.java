package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.testing.Models;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A Component of Service patches: one file per patch, listed in file order, none when there is nothing to patch. */
class ServicePatchesTest {

    private static Plan plan() {
        return new Plan(Models.federation(), Map.of(), new Findings(new SourceMap("t.yaml")));
    }

    @Test
    void patchFilesAreNamedByNamespaceAndServiceAndCannotCollide() {
        assertThat(new ServicePatches.Patch("shop", Optional.of("catalog")).file())
                .isEqualTo("service.shop.catalog.yaml");
        assertThat(new ServicePatches.Patch("shop", Optional.empty()).file()).isEqualTo("services.shop.yaml");
    }

    @Test
    void nothingToPatchAddsNothing() {
        Plan plan = plan();
        ServicePatches.add(plan, "msk", "service-exports", List.of());
        assertThat(plan.documents()).isEmpty();
    }

    @Test
    void patchesAreAddedInFileOrderWithTheirComponent() {
        Plan plan = plan();
        ServicePatches.Patch catalog = new ServicePatches.Patch("shop", Optional.of("catalog"));
        catalog.labels().put("federation.istio.deckhouse.io/public-service", "");
        ServicePatches.Patch wholeBank = new ServicePatches.Patch("bank", Optional.empty());
        wholeBank.annotations().put("service.cilium.io/global", "true");
        wholeBank.annotations().put("service.cilium.io/affinity", "local");
        ServicePatches.add(plan, "msk", "service-exports", List.of(catalog, wholeBank));

        assertThat(plan.documents())
                .extracting(Document::path)
                .containsExactly(
                        "clusters/msk/components/service-exports/service.shop.catalog.yaml",
                        "clusters/msk/components/service-exports/services.bank.yaml",
                        "clusters/msk/components/service-exports/kustomization.yaml");
        ServicePatches.PatchFile bank =
                (ServicePatches.PatchFile) plan.documents().get(1).model();
        assertThat(bank.name()).isEqualTo(ServicePatches.EVERY_SERVICE);
        assertThat(bank.annotations())
                .as("in key order")
                .containsExactly(
                        new KeyValue("service.cilium.io/affinity", "local"),
                        new KeyValue("service.cilium.io/global", "true"));
        ServicePatches.Component component =
                (ServicePatches.Component) plan.documents().get(2).model();
        assertThat(component.patches())
                .containsExactly(
                        new ServicePatches.Target("service.shop.catalog.yaml", "shop", "catalog"),
                        new ServicePatches.Target("services.bank.yaml", "bank", null));
        assertThat(plan.documents().get(2).template()).isEqualTo(ServicePatches.COMPONENT_TEMPLATE);
    }
}
