package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules ask the registered provider of each mesh; a mesh of an unregistered provider gets neutral answers. */
class ProviderRulesTest {

    private static final List<Mesh> MESHES = Models.read("""
                    apiVersion: dkp-mesh.io/v1alpha1
                    kind: MeshTopology
                    metadata: {name: t}
                    spec:
                      clusters: []
                      meshes:
                        - {name: i, type: federation, provider: istio, clusters: [a, b]}
                        - {name: c, type: multicluster, provider: cilium, clusters: [a, b]}
                    """).meshes();

    @Test
    void eachMeshIsAnsweredByItsProvidersFacts() {
        ProviderRules builtIn = Providers.validationRules(Providers.BUILT_IN);

        assertThat(builtIn.facts()).containsOnlyKeys(Provider.ISTIO, Provider.CILIUM);
        assertThat(builtIn.of(MESHES.get(0))).isSameAs(builtIn.facts().get(Provider.ISTIO));
        assertThat(builtIn.of(MESHES.get(1))).isSameAs(builtIn.facts().get(Provider.CILIUM));
    }

    @Test
    void aMeshOfAnUnregisteredProviderGetsNeutralAnswers() {
        ProviderRules istioOnly = new ProviderRules(
                List.of(),
                Map.of(
                        Provider.ISTIO,
                        Providers.validationRules(Providers.BUILT_IN).of(MESHES.get(0))));
        MeshFacts unregistered = istioOnly.of(MESHES.get(1));

        assertThat(unregistered).isSameAs(ProviderRules.UNREGISTERED).isSameAs(ProviderRules.NONE.of(MESHES.get(0)));
        assertThat(unregistered.needsAlliance(MeshType.FEDERATION)).isFalse();
        assertThat(unregistered.refusesHubs(MESHES.get(1))).isEmpty();
        assertThat(unregistered.tooManyMembers(MESHES.get(1))).isEmpty();
        assertThat(unregistered.growsPerPeer(MESHES.get(1))).isEmpty();
        assertThat(unregistered.sourceIPIgnored(MESHES.get(1))).contains(" is cilium");
        assertThat(unregistered.sharesEveryNamespace(MESHES.get(1))).isFalse();
    }
}
