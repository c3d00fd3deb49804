package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A front end's phrasing fills the engine's fixes. */
class SuggestionsTest {

    @Test
    void fixesUseTheFrontEndsWords() {
        Suggestions cli = new Suggestions("run dkp-mesh render", "--topology");
        assertThat(cli.staleTree()).isEqualTo("run dkp-mesh render and commit the result");
        assertThat(cli.unreadableTopology()).isEqualTo("create it or point --topology at it");
    }

    @Test
    void theNeutralPhrasingNamesNoFrontEnd() {
        assertThat(Suggestions.NEUTRAL.staleTree())
                .isEqualTo("render the tree again with dkp-mesh and commit the result");
        assertThat(Suggestions.NEUTRAL.unreadableTopology())
                .isEqualTo("create it or point the setting that names the topology file at it");
    }

    @Test
    void bothPartsAreRequired() {
        assertThatThrownBy(() -> new Suggestions(null, "x")).hasMessage("renderAgain");
        assertThatThrownBy(() -> new Suggestions("x", null)).hasMessage("topologySetting");
    }
}
