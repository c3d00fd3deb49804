package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.Models;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether a GitOps tool delivers the trees. */
class GitopsTest {

    @Test
    void noToolDeliversNothing() {
        assertThat(new Gitops(new Delivery.None(), true).delivers()).isFalse();
        assertThat(new Gitops(new Delivery.Flux("r", "f", "g", Optional.empty(), "c"), false).delivers())
                .isTrue();
        assertThat(new Gitops(
                                new Delivery.ArgoCd(Optional.empty(), "main", "r", "a", "p", Optional.empty(), "u"),
                                false)
                        .delivers())
                .isTrue();
    }

    @Test
    void aTopologyWithoutGitopsDeliversNothing() {
        assertThat(Models.federation().gitops().delivers()).isFalse();
        assertThat(Gitops.POINTER).isEqualTo("/spec/gitops");
    }
}
