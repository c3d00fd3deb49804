package io.dkpmesh.core.access;

import java.util.List;

/**
 * Who can call what: for every target of the fleet, each caller's verdict and the rendered object
 * that decided it.
 *
 * @param targets in cluster, namespace, service order
 */
public record AccessMatrix(String topology, List<TargetAccess> targets) {

    public AccessMatrix {
        targets = List.copyOf(targets);
    }

    /**
     * A workload that can be called: the pods of one Service, or with service {@code *} any other
     * pod of the namespace.
     */
    public record Target(String cluster, String namespace, String service) implements Comparable<Target> {

        /** Stands for every workload and namespace the topology does not name. */
        public static final String ANY = "*";

        @Override
        public String toString() {
            return cluster + "/" + namespace + "/" + service;
        }

        @Override
        public int compareTo(Target o) {
            return toString().compareTo(o.toString());
        }
    }

    /** A calling workload: any pod of a namespace in a cluster ({@code *}: a namespace the topology does not name). */
    public record Caller(String cluster, String namespace) implements Comparable<Caller> {

        @Override
        public String toString() {
            return cluster + "/" + namespace;
        }

        @Override
        public int compareTo(Caller o) {
            return toString().compareTo(o.toString());
        }
    }

    public enum Verdict {
        ADMITTED,
        DENIED,
        UNREACHABLE;

        public String label() {
            return switch (this) {
                case ADMITTED -> "admitted";
                case DENIED -> "denied";
                case UNREACHABLE -> "unreachable";
            };
        }
    }

    /**
     * One caller's verdict.
     *
     * @param by     the rendered objects that decided it, by file name without {@code .yaml}; empty when nothing did
     * @param reason why, in words
     * @param via    how the caller's packets reach the target; empty when they do not
     */
    public record Decision(Caller caller, Verdict verdict, List<String> by, String reason, String via) {

        public Decision {
            by = List.copyOf(by);
        }

        public boolean admitted() {
            return verdict == Verdict.ADMITTED;
        }
    }

    /**
     * The access of one target.
     *
     * @param protectedBy the rendered policies that select it; empty for an open target
     */
    public record TargetAccess(Target target, List<String> protectedBy, List<Decision> decisions) {

        public TargetAccess {
            protectedBy = List.copyOf(protectedBy);
            decisions = List.copyOf(decisions);
        }

        public boolean open() {
            return protectedBy.isEmpty();
        }
    }
}
