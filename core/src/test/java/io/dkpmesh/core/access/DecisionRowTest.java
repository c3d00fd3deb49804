package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.access.AccessMatrix.Caller;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.access.DecisionRow.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One target's decisions as segments per caller cluster, read as one list in caller order. */
class DecisionRowTest {

    private static Decision decision(String cluster, String namespace, Verdict verdict) {
        return new Decision(
                new Caller(cluster, namespace), verdict, List.of("authorizationpolicy-shop.catalog"), "why", "");
    }

    private static final Decision MSK_A = decision("msk", "a", Verdict.ADMITTED);
    private static final Decision MSK_B = decision("msk", "b", Verdict.DENIED);
    private static final Decision SPB_A = decision("spb", "a", Verdict.UNREACHABLE);

    @Test
    void theRowIsItsSegmentsDecisionsInOrder() {
        Segment msk = new Segment(List.of(MSK_A, MSK_B));
        Segment spb = new Segment(List.of(SPB_A));
        DecisionRow row = new DecisionRow(new Segment[] {msk, spb});
        assertThat(row).containsExactly(MSK_A, MSK_B, SPB_A);
        assertThat(row.size()).isEqualTo(3);
        assertThat(row.get(2)).isSameAs(SPB_A);
        assertThat(row.segmentCount()).isEqualTo(2);
        assertThat(row.segment(1)).isSameAs(spb);
        assertThat(row).isEqualTo(List.of(MSK_A, MSK_B, SPB_A));
        assertThatThrownBy(() -> row.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> row.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theRowIsImmutableAndKeepsItsOwnSegmentArray() {
        Segment[] segments = {new Segment(List.of(MSK_A))};
        DecisionRow row = new DecisionRow(segments);
        segments[0] = new Segment(List.of(SPB_A));
        assertThat(row).containsExactly(MSK_A);
        assertThatThrownBy(() -> row.add(SPB_A)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.set(0, SPB_A)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSegmentCountsItsAdmittedCallersAndWhetherOneIsUnreachableOrUnknown() {
        Segment msk = new Segment(List.of(MSK_A, MSK_B, decision("msk", "c", Verdict.ADMITTED)));
        assertThat(msk.cluster).isEqualTo("msk");
        assertThat(msk.size()).isEqualTo(3);
        assertThat(msk.admitted).isEqualTo(2);
        assertThat(msk.unreachable).isFalse();
        assertThat(msk.power).isEqualTo(31 * 31 * 31);
        Segment spb = new Segment(List.of(SPB_A, decision("spb", "b", Verdict.UNKNOWN)));
        assertThat(spb.admitted).isZero();
        assertThat(spb.unreachable).isTrue();
        assertThat(msk.unknown).isFalse();
        assertThat(spb.unknown).isTrue();
        // a caller without a sidecar has a line of its own, not a place among the unknown ones
        assertThat(new Segment(List.of(
                                new Decision(Caller.withoutSidecar("spb"), Verdict.UNKNOWN, List.of(), "why", "")))
                        .unknown)
                .isFalse();
    }

    @Test
    void aSegmentHasCallersOfOneCluster() {
        assertThatThrownBy(() -> new Segment(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segment(List.of(MSK_A, SPB_A)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one cluster");
    }

    @Test
    void segmentsShowTheSameWhenCallerVerdictObjectsAndReasonAreTheSame() {
        Segment one = new Segment(List.of(MSK_A, MSK_B));
        Segment same =
                new Segment(List.of(decision("msk", "a", Verdict.ADMITTED), decision("msk", "b", Verdict.DENIED)));
        assertThat(one.sameTable(same)).isTrue();
        assertThat(one.tableHash).isEqualTo(same.tableHash);
        assertThat(one.sameTable(new Segment(List.of(MSK_A, decision("msk", "b", Verdict.ADMITTED)))))
                .as("another verdict")
                .isFalse();
        assertThat(one.sameTable(new Segment(List.of(MSK_A))))
                .as("fewer callers")
                .isFalse();
        assertThat(one.sameTable(new Segment(List.of(MSK_B, MSK_A))))
                .as("another order")
                .isFalse();
        Decision otherObject = new Decision(new Caller("msk", "b"), Verdict.DENIED, List.of("other"), "why", "");
        assertThat(one.sameTable(new Segment(List.of(MSK_A, otherObject))))
                .as("decided by another object")
                .isFalse();
        Decision otherReason = new Decision(
                new Caller("msk", "b"), Verdict.DENIED, List.of("authorizationpolicy-shop.catalog"), "because", "");
        assertThat(DecisionRow.sameTable(MSK_B, otherReason))
                .as("another reason")
                .isFalse();
        Decision otherRoute = new Decision(
                new Caller("msk", "b"),
                Verdict.DENIED,
                List.of("authorizationpolicy-shop.catalog"),
                "why",
                "in-cluster");
        assertThat(DecisionRow.sameTable(MSK_B, otherRoute))
                .as("the route is not shown")
                .isTrue();
        Decision throughFederation = new Decision(
                new Caller("msk", "a"),
                Verdict.ADMITTED,
                List.of("authorizationpolicy-shop.catalog"),
                "why",
                "istio federation, through the ingress gateway");
        assertThat(DecisionRow.sameTable(MSK_A, throughFederation))
                .as("admitted, against admitted once the Service is labelled")
                .isFalse();
        assertThat(DecisionRow.tableHash(MSK_A)).isNotEqualTo(DecisionRow.tableHash(throughFederation));
    }
}
