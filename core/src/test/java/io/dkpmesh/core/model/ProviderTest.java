package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code provider:} of a mesh: the label the schema allows reads back to its provider. */
class ProviderTest {

    @Test
    void labelsAreLowerCaseAndReadBack() {
        assertThat(Provider.ISTIO.label()).isEqualTo("istio");
        assertThat(Provider.CILIUM.label()).isEqualTo("cilium");
        for (Provider provider : Provider.values()) {
            assertThat(Provider.of(provider.label())).isSameAs(provider);
        }
    }

    @Test
    void anUnknownProviderIsRefused() {
        assertThatThrownBy(() -> Provider.of("linkerd")).isInstanceOf(IllegalArgumentException.class);
    }
}
