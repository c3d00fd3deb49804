package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.InMemory;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.testing.Topologies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation export label is a Kustomize Component that no cluster tree includes: Argo CD and
 * Flux apply the objects of the kustomize build of a path (argoproj/argo-cd
 * reposerver/repository/repository.go: kustomize.NewKustomizeApp(...).Build; fluxcd/kustomize-controller
 * internal/controller/kustomization_controller.go: generator.SecureBuild), so the label reaches a
 * Service only when the application's own kustomization includes the Component. ACCESS.md says
 * which Services and which Component, and counts their federation callers "admitted once the
 * Service is labelled"; DKP offers peers only labelled Services (deckhouse
 * ee/modules/110-istio/templates/metadata-exporter/, selector
 * federation.istio.deckhouse.io/public-service=).
 */
class ExportLabelTest {

    @TempDir
    Path work;

    private static final String FEDERATION = Topologies.FEDERATION + """
                    - {cluster: msk, namespace: shop, service: payments}
                  access:
                    - namespace: shop
                      service: payments
                      from: [{cluster: spb, namespace: checkout}, {cluster: msk, namespace: checkout}]
            """;

    @Test
    void accessPageNamesTheServicesToLabelAndTheComponent() {
        InMemory.Result result = InMemory.render(FEDERATION, work);
        assertThat(result.errors()).isEmpty();
        String page = result.files().get("ACCESS.md");
        assertThat(page)
                .contains("## Exports to apply")
                .contains("| `msk/shop/catalog` | `clusters/msk/components/service-exports` |\n"
                        + "| `msk/shop/payments` | `clusters/msk/components/service-exports` |\n")
                // a remote caller through the export, and a local one that needs no label
                .contains(
                        "| `spb/checkout` | admitted once the Service is labelled | `authorizationpolicy-shop.payments` |")
                .contains("| `msk/checkout` | admitted | `authorizationpolicy-shop.payments` |")
                // the open export: 3 local callers and the local one without a sidecar, 6 remote ones through the
                // label; the
                // remote ones without a sidecar cannot pass the gateway
                .containsPattern(
                        "\\| `msk/shop/catalog` \\| 10 of 12 \\(6 admitted once the Service is labelled\\) \\|");
    }

    @Test
    void noClusterTreeAppliesTheLabelAndAnAppOverlayThatIncludesTheComponentDoes() throws IOException {
        InMemory.Result result = InMemory.render(FEDERATION, work);
        Path tree = work.resolve("tree");
        for (Map.Entry<String, String> file : result.files().entrySet()) {
            Path path = tree.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        Kubectl.Build cluster = Kubectl.kustomize(tree.resolve("clusters/msk"));
        assertThat(cluster.exitCode()).as(cluster.output()).isZero();
        assertThat(cluster.output()).doesNotContain("federation.istio.deckhouse.io/public-service");

        // an application's overlay that builds one of the two Services: only that one is labelled
        Path app = tree.resolve("apps/catalog");
        Files.createDirectories(app);
        Files.writeString(app.resolve("kustomization.yaml"), """
                resources: [service.yaml]
                components: [../../clusters/msk/components/service-exports]
                """);
        Files.writeString(app.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: catalog, namespace: shop}
                spec: {selector: {app: catalog}, ports: [{port: 8080}]}
                """);
        Kubectl.Build overlay = Kubectl.kustomize(app);
        assertThat(overlay.exitCode()).as(overlay.output()).isZero();
        assertThat(overlay.output())
                .contains("federation.istio.deckhouse.io/public-service: \"\"")
                .contains("name: catalog")
                .doesNotContain("name: payments");
    }

    /**
     * The render's console names each Component and its Services for a few clusters; for more than
     * {@link AccessReport#EXPORT_LINES} one line counts them (a hundred clusters would print a
     * hundred long lines after every change), and ACCESS.md still lists each Service.
     */
    @Test
    void theConsoleNamesEachComponentForAFewClustersAndCountsThemForMany() throws Exception {
        StringBuilder many = new StringBuilder(io.dkpmesh.core.testing.Fleets.federation("many", 7));
        for (int i = 1; i < 7; i++) {
            many.append(String.format("        - {cluster: c%02d, namespace: shop, service: catalog}%n", i));
        }
        java.util.List<String> few = AccessReport.exportLines(access(FEDERATION));
        assertThat(few)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .startsWith("Include clusters/")
                        .contains("/components/service-exports in the kustomization that builds "));
        assertThat(few).anySatisfy(line -> assertThat(line).contains("msk/shop/payments"));
        // exactly the exports: a Service of the same name in a member that does not export it is stopped at that
        // member's federation gateway, and its Component does not label it
        assertThat(AccessReport.exportsToLabel(access(FEDERATION)).keySet())
                .containsExactlyInAnyOrder("msk/shop/catalog", "msk/shop/payments");
        java.util.List<String> counted = AccessReport.exportLines(access(many.toString()));
        assertThat(counted)
                .containsExactly("Include each exporting cluster's components/service-exports in the kustomizations"
                        + " that build its exported Services (7 Services in 7 clusters): federation callers reach them"
                        + " only once labelled; ACCESS.md (Exports to apply) lists each");
    }

    private AccessMatrix access(String topology) throws Exception {
        Path file = Files.writeString(Files.createTempFile(work, "topology", ".yaml"), topology);
        return new io.dkpmesh.core.DkpMesh(io.dkpmesh.core.api.EngineLog.SILENT)
                .renderInMemory(io.dkpmesh.core.api.RenderRequest.of(file, work.resolve("rendered")))
                .access();
    }
}
