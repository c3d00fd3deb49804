package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code type:} of a mesh. */
class MeshTypeTest {

    @Test
    void labelsAreLowerCaseAndReadBack() {
        assertThat(MeshType.MULTICLUSTER.label()).isEqualTo("multicluster");
        for (MeshType type : MeshType.values()) {
            assertThat(MeshType.of(type.label())).isSameAs(type);
        }
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThatThrownBy(() -> MeshType.of("clustermesh")).isInstanceOf(IllegalArgumentException.class);
    }
}
