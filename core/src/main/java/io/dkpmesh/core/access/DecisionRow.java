package io.dkpmesh.core.access;

import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The decisions of one target as the evaluator builds them: one {@link Segment} per caller
 * cluster, in caller order. Targets with the same policies and routes share rows, and rows share
 * segments, so that the report and the comparison with the topology look at each distinct segment
 * once instead of at every caller of every target. Immutable; as a list it is the decisions in
 * caller order.
 */
final class DecisionRow extends AbstractList<Decision> implements RandomAccess {

    private final Segment[] segments;
    private final int size;
    /** The decisions in one array, built when first asked for by index (the report and the check go by segment). */
    private volatile Decision[] decisions;

    DecisionRow(Segment[] segments) {
        this.segments = segments.clone();
        int size = 0;
        for (Segment segment : segments) {
            size += segment.decisions.length;
        }
        this.size = size;
    }

    private Decision[] decisions() {
        Decision[] all = decisions;
        if (all == null) {
            all = new Decision[size];
            int at = 0;
            for (Segment segment : segments) {
                System.arraycopy(segment.decisions, 0, all, at, segment.decisions.length);
                at += segment.decisions.length;
            }
            decisions = all;
        }
        return all;
    }

    @Override
    public Decision get(int index) {
        java.util.Objects.checkIndex(index, size);
        return decisions()[index];
    }

    @Override
    public int size() {
        return size;
    }

    int segmentCount() {
        return segments.length;
    }

    Segment segment(int index) {
        return segments[index];
    }

    /**
     * The decisions of the callers of one cluster, with what the report and the comparison ask of
     * them computed once.
     */
    static final class Segment {
        /** 31 to the power of the segment's size: {@link #tableHash} of a row is a polynomial over its decisions. */
        final int power;

        final Decision[] decisions;
        /** The callers' cluster. */
        final String cluster;
        /** How many of the callers are admitted. */
        final int admitted;
        /** Whether some caller with a sidecar is unreachable. */
        final boolean unreachable;
        /** Whether the verdict of some caller with a sidecar is unknown. */
        final boolean unknown;
        /** The decision of the cluster's pods without a sidecar; {@code null} when none is a caller. */
        final Decision withoutSidecar;

        /** How many of the callers send plain text ({@link AccessIntent#plainText}), which the topology asks nothing of. */
        final int plain;
        /** How many of those are admitted. */
        final int plainAdmitted;
        /** {@link #tableHash(Decision)} folded over the decisions of callers with a sidecar, as a row's hash folds them. */
        final int tableHash;

        Segment(List<Decision> decisions) {
            this.decisions = decisions.toArray(new Decision[0]);
            if (this.decisions.length == 0) {
                throw new IllegalArgumentException("a segment has callers");
            }
            this.cluster = this.decisions[0].caller().cluster();
            Decision withoutSidecar = null;
            int admitted = 0;
            int plain = 0;
            int plainAdmitted = 0;
            boolean unreachable = false;
            boolean unknown = false;
            int hash = 0;
            int power = 1;
            for (Decision decision : this.decisions) {
                if (!decision.caller().cluster().equals(cluster)) {
                    throw new IllegalArgumentException("the callers of a segment are of one cluster");
                }
                boolean plainText = AccessIntent.plainText(decision.caller());
                if (plainText) {
                    plain++;
                }
                if (decision.admitted()) {
                    admitted++;
                    if (plainText) {
                        plainAdmitted++;
                    }
                } else if (decision.verdict() == Verdict.UNREACHABLE
                        && decision.caller().sidecar()) {
                    unreachable = true;
                } else if (decision.verdict() == Verdict.UNKNOWN
                        && decision.caller().sidecar()) {
                    unknown = true;
                }
                if (decision.caller().sidecar()) {
                    // the callers without a sidecar are not rows of a table (see AccessReport)
                    hash = hash * 31 + tableHash(decision);
                    power *= 31;
                } else {
                    withoutSidecar = decision;
                }
            }
            this.withoutSidecar = withoutSidecar;
            this.admitted = admitted;
            this.plain = plain;
            this.plainAdmitted = plainAdmitted;
            this.unreachable = unreachable;
            this.unknown = unknown;
            this.tableHash = hash;
            this.power = power;
        }

        int size() {
            return decisions.length;
        }

        /**
         * Whether two segments show the same in a table of the access page: for each caller in
         * order the same caller, verdict, objects and reason (not the route).
         */
        boolean sameTable(Segment other) {
            if (this == other) {
                return true;
            }
            if (tableHash != other.tableHash || decisions.length != other.decisions.length) {
                return false;
            }
            for (int i = 0; i < decisions.length; i++) {
                if (decisions[i].caller().sidecar() && !DecisionRow.sameTable(decisions[i], other.decisions[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What a decision contributes to the hash of a table: its caller, verdict and reason. */
    static int tableHash(Decision decision) {
        int h = decision.caller().cluster().hashCode() * 31
                + decision.caller().namespace().hashCode();
        h = h * 31 + decision.verdict().ordinal();
        h = h * 31 + (AccessEvaluator.admittedOnceLabelled(decision) ? 1 : 0);
        return h * 31 + decision.reason().hashCode();
    }

    /** Whether two decisions show the same in a table: caller, verdict (whether once labelled too), objects and reason. */
    static boolean sameTable(Decision x, Decision y) {
        return x == y
                || x.verdict() == y.verdict()
                        && AccessEvaluator.admittedOnceLabelled(x) == AccessEvaluator.admittedOnceLabelled(y)
                        && x.caller().equals(y.caller())
                        && x.by().equals(y.by())
                        && x.reason().equals(y.reason());
    }
}
