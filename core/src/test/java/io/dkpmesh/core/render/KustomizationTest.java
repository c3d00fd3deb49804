package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kustomization lists its resources in apply order and stamps annotations in the order given, or none. */
class KustomizationTest {

    @Test
    void noAnnotationsMeansNoneAtAll() {
        assertThat(Kustomization.of(List.of("a.yaml")).annotations()).isNull();
        assertThat(new Kustomization(List.of(), Map.of()).annotations())
                .as("empty: none")
                .isNull();
    }

    @Test
    void annotationsKeepTheirOrder() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("argocd.argoproj.io/sync-wave", "1");
        annotations.put("argocd.argoproj.io/sync-options", "SkipDryRunOnMissingResource=true");
        Kustomization k = new Kustomization(List.of("modules", "mesh"), annotations);
        annotations.put("late", "x");
        assertThat(k.annotations().keySet())
                .containsExactly("argocd.argoproj.io/sync-wave", "argocd.argoproj.io/sync-options");
        assertThat(k.resources()).containsExactly("modules", "mesh");
    }
}
