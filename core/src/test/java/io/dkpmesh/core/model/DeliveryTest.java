package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each GitOps tool names itself, its folder, and reaches its own case. */
class DeliveryTest {

    private static final Delivery NONE = new Delivery.None();
    private static final Delivery ARGO =
            new Delivery.ArgoCd(Optional.empty(), "main", "rendered", "argocd", "default", Optional.of("1.16.5"), "u");
    private static final Delivery FLUX = new Delivery.Flux("rendered", "flux-system", "t", Optional.empty(), "cilium");

    private static final Delivery.Cases<String> NAMES = new Delivery.Cases<>() {
        @Override
        public String none(Delivery.None none) {
            return "none-case";
        }

        @Override
        public String argoCd(Delivery.ArgoCd argoCd) {
            return "argocd-case:" + argoCd.namespace();
        }

        @Override
        public String flux(Delivery.Flux flux) {
            return "flux-case:" + flux.namespace();
        }
    };

    @Test
    void eachToolReachesItsOwnCase() {
        assertThat(List.of(NONE, ARGO, FLUX))
                .extracting(d -> d.match(NAMES))
                .containsExactly("none-case", "argocd-case:argocd", "flux-case:flux-system");
    }

    @Test
    void toolsAreNamedAsSpecGitopsToolNamesThem() {
        assertThat(List.of(NONE, ARGO, FLUX)).extracting(Delivery::tool).containsExactly("none", "argocd", "flux");
        assertThat(List.of(NONE, ARGO, FLUX))
                .extracting(Delivery::label)
                .containsExactly("no GitOps tool", "Argo CD", "Flux");
    }

    @Test
    void theChartVersionIsTheToolsOwn() {
        assertThat(NONE.ciliumChartVersion()).isEmpty();
        assertThat(ARGO.ciliumChartVersion()).contains("1.16.5");
        assertThat(FLUX.ciliumChartVersion()).isEmpty();
    }
}
