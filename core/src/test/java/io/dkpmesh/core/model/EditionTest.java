package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** DKP editions as the topology spells them; only EE and CSE Pro ship federation and multicluster. */
class EditionTest {

    @Test
    void everyLabelReadsBackToItsEdition() {
        for (Edition edition : Edition.values()) {
            assertThat(Edition.of(edition.label())).isSameAs(edition);
        }
        assertThat(Edition.of("SE+")).isEqualTo(Edition.SE_PLUS);
        assertThat(Edition.of("CSE-Pro")).isEqualTo(Edition.CSE_PRO);
    }

    @Test
    void enumNamesAndOtherSpellingsAreNotLabels() {
        for (String text : new String[] {"SE_PLUS", "ee", "CSE Pro", ""}) {
            assertThatThrownBy(() -> Edition.of(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void allianceShipsInEeAndCseProOnly() {
        assertThat(Arrays.stream(Edition.values()).filter(Edition::offersAlliance))
                .containsExactlyInAnyOrder(Edition.EE, Edition.CSE_PRO);
    }
}
