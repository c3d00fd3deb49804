package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.testing.Models;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A target in a member of a mesh whose provider the matrix does not model gets no promise: its
 * admitted and unreachable verdicts turn unknown with the reason, a denial by a modelled policy
 * stays (it refuses whatever links the clusters), and the page states it once per mesh.
 */
class UnmodelledMeshesTest {

    /** Topologies.FEDERATION: the istio federation retail-federation of msk, spb and ams. */
    private final Topology topology = Models.federation();

    private static Decision decision(String cluster, Verdict verdict) {
        return new Decision(new Caller(cluster, "shop"), verdict, List.of("policy"), "why", "in-cluster");
    }

    @Test
    void modelledProvidersChangeNothing() {
        UnmodelledMeshes none = UnmodelledMeshes.of(topology, Set.of(Provider.CILIUM));
        DecisionRow row = new DecisionRow(
                new DecisionRow.Segment[] {new DecisionRow.Segment(List.of(decision("msk", Verdict.ADMITTED)))});

        assertThat(none.covers("msk")).isFalse();
        assertThat(none.assumptions()).isEmpty();
        assertThat(none.apply("msk", row, UnmodelledMeshes.segments())).isSameAs(row);
        assertThat(UnmodelledMeshes.of(topology, Set.of())).isSameAs(UnmodelledMeshes.NONE);
    }

    @Test
    void aMembersVerdictsTurnUnknownButDenials() {
        UnmodelledMeshes istio = UnmodelledMeshes.of(topology, Set.of(Provider.ISTIO));
        DecisionRow.Segment shared = new DecisionRow.Segment(List.of(
                decision("msk", Verdict.ADMITTED),
                decision("msk", Verdict.DENIED),
                decision("msk", Verdict.UNREACHABLE)));
        DecisionRow row = new DecisionRow(new DecisionRow.Segment[] {shared});
        Map<DecisionRow.Segment, DecisionRow.Segment> turned = UnmodelledMeshes.segments();

        DecisionRow spb = istio.apply("spb", row, turned);

        assertThat(istio.covers("spb")).isTrue();
        assertThat(istio.covers("elsewhere")).isFalse();
        assertThat(spb).extracting(Decision::verdict).containsExactly(Verdict.UNKNOWN, Verdict.DENIED, Verdict.UNKNOWN);
        assertThat(spb.get(0).reason())
                .isEqualTo("mesh `retail-federation` (istio) links this cluster, and dkp-mesh does not model how its"
                        + " objects route and admit callers");
        // what admitted it and by which route stay, so the reader sees what the modelled part found
        assertThat(spb.get(0).by()).containsExactly("policy");
        assertThat(spb.get(0).via()).isEqualTo("in-cluster");
        assertThat(spb.get(1)).isSameAs(shared.decisions[1]);
        // a segment two rows share is turned once
        assertThat(istio.apply("ams", row, turned).segment(0)).isSameAs(spb.segment(0));
        assertThat(istio.apply("outside", row, turned)).isSameAs(row);
        assertThat(istio.assumptions())
                .containsExactly("- `retail-federation` (istio): dkp-mesh does not model how this provider's objects"
                        + " route and admit callers; every verdict for a target in its members is unknown, unless a"
                        + " policy the matrix models denies it.");
    }
}
