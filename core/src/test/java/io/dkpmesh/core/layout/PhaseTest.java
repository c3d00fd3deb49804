package io.dkpmesh.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Module settings are applied before what they enable: the order of the phases is the apply order. */
class PhaseTest {

    @Test
    void modulesComeBeforeTheMeshObjects() {
        assertThat(Phase.values()).containsExactly(Phase.MODULES, Phase.PEERS);
    }

    @Test
    void eachPhaseHasAFolderOfItsOwn() {
        assertThat(Arrays.stream(Phase.values()).map(Phase::folder))
                .containsExactly("modules", "mesh")
                .doesNotHaveDuplicates();
    }
}
