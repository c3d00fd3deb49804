package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A traffic rule keeps what it was given, and the canary's label defaults to Istio's {@code version}. */
class TrafficRuleTest {

    @Test
    void listsAreCopiedAndFrozen() {
        List<TrafficRule.Failover> failover = new ArrayList<>(List.of(new TrafficRule.Failover("/f", "a", "b")));
        TrafficRule rule = new TrafficRule(
                "/t", "catalog", "shop", Optional.empty(), failover, List.of(), Optional.empty(), Optional.empty());
        failover.clear();
        assertThat(rule.failover()).hasSize(1);
        assertThatThrownBy(() -> rule.distribute().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theCanaryLabelDefaultsToVersion() {
        assertThat(TrafficRule.Canary.DEFAULT_VERSION_LABEL).isEqualTo("version");
    }
}
