package io.dkpmesh.core.access;

import java.util.List;

/**
 * Who can call what: for every target of the fleet, each caller's verdict and the rendered object
 * that decided it.
 *
 * @param targets      in cluster, namespace, service order
 * @param routes       the Services that only lead to other members' pods, in the same order
 * @param userPolicies how many of the user's own AuthorizationPolicies it includes; empty when no
 *                     folder of them was given (then it holds only what dkp-mesh rendered)
 * @param assumptions  what every verdict assumes of the clusters, one Markdown list item per Istio mesh
 *                     ({@link AccessReport#assumptions}): every page of the matrix states them
 */
public record AccessMatrix(
        String topology,
        List<TargetAccess> targets,
        List<Route> routes,
        java.util.Optional<Integer> userPolicies,
        List<String> assumptions) {

    public AccessMatrix {
        targets = List.copyOf(targets);
        routes = List.copyOf(routes);
        assumptions = List.copyOf(assumptions);
    }

    public AccessMatrix(
            String topology, List<TargetAccess> targets, List<Route> routes, java.util.Optional<Integer> userPolicies) {
        this(topology, targets, routes, userPolicies, List.of());
    }

    public AccessMatrix(String topology, List<TargetAccess> targets, List<Route> routes) {
        this(topology, targets, routes, java.util.Optional.empty());
    }

    /**
     * A Service no pod of its cluster backs, that leads to the pods of the same Service in other
     * members (a cilium federation consumer's Service without a selector): its callers' verdicts
     * are those of the targets it leads to.
     */
    public record Route(Target service, List<String> to) {
        public Route {
            to = List.copyOf(to);
        }
    }

    /** A matrix of the rendered objects alone: the user's own policies were not read. */
    public AccessMatrix(String topology, List<TargetAccess> targets) {
        this(topology, targets, List.of(), java.util.Optional.empty());
    }

    /** This matrix, saying that it includes the user's own policies read from a folder (how many). */
    public AccessMatrix including(UserPolicies user) {
        return user.included()
                ? new AccessMatrix(topology, targets, routes, java.util.Optional.of(user.count()), assumptions)
                : this;
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

        /** As {@link #toString()} compares, without building the strings (sorting the targets compares them often). */
        @Override
        public int compareTo(Target o) {
            return compareJoined(cluster, namespace, service, o.cluster, o.namespace, o.service);
        }
    }

    /**
     * A calling workload: any pod of a namespace in a cluster ({@code *}: a namespace the topology
     * does not name), or with a service account only the pods running as it
     * ({@code cluster/namespace/sa/name}). A caller without one stands for every service account of
     * the namespace that no caller of the matrix names. A caller without a sidecar
     * ({@code cluster/* (no sidecar)}) stands for the pods of that cluster that run without one: they
     * send plain text and present no principal.
     *
     * @param serviceAccount {@code null} for the namespace's other service accounts
     * @param sidecar        whether the pods run with an Istio sidecar (every caller but the plain-text one)
     */
    public record Caller(String cluster, String namespace, String serviceAccount, boolean sidecar)
            implements Comparable<Caller> {

        /** The service account a namespace caller presents: none that a Kubernetes name can be. */
        public static final String OTHER_SERVICE_ACCOUNT = "*";

        /** How a caller without a sidecar is marked after its cluster and namespace. */
        public static final String NO_SIDECAR = " (no sidecar)";

        public Caller(String cluster, String namespace) {
            this(cluster, namespace, null);
        }

        public Caller(String cluster, String namespace, String serviceAccount) {
            this(cluster, namespace, serviceAccount, true);
        }

        /** The pods of a cluster without a sidecar, in the namespaces the topology does not name. */
        public static Caller withoutSidecar(String cluster) {
            return new Caller(cluster, Target.ANY, null, false);
        }

        /** The service account its pods run as: {@link #OTHER_SERVICE_ACCOUNT} for a namespace caller. */
        public String runsAs() {
            return serviceAccount == null ? OTHER_SERVICE_ACCOUNT : serviceAccount;
        }

        @Override
        public String toString() {
            return cluster + "/" + namespace + (serviceAccount == null ? "" : "/sa/" + serviceAccount)
                    + (sidecar ? "" : NO_SIDECAR);
        }

        /**
         * As {@link #toString()} compares, without building the strings (but for service accounts):
         * the caller without a sidecar right after its cluster's {@code *}.
         */
        @Override
        public int compareTo(Caller o) {
            return compareJoined(
                    cluster,
                    sidecar ? namespace : namespace + NO_SIDECAR,
                    serviceAccount == null ? null : "sa/" + serviceAccount,
                    o.cluster,
                    o.sidecar ? o.namespace : o.namespace + NO_SIDECAR,
                    o.serviceAccount == null ? null : "sa/" + o.serviceAccount);
        }
    }

    /**
     * {@code String.compareTo} of {@code a1/a2[/a3]} and {@code b1/b2[/b3]} (the sign of it), without
     * building either string; {@code null} for a missing third part.
     */
    static int compareJoined(String a1, String a2, String a3, String b1, String b2, String b3) {
        int la = joinedLength(a1, a2, a3);
        int lb = joinedLength(b1, b2, b3);
        int n = Math.min(la, lb);
        for (int i = 0; i < n; i++) {
            char x = joinedAt(a1, a2, a3, i);
            char y = joinedAt(b1, b2, b3, i);
            if (x != y) {
                return x - y;
            }
        }
        return la - lb;
    }

    private static int joinedLength(String p1, String p2, String p3) {
        return p1.length() + 1 + p2.length() + (p3 == null ? 0 : 1 + p3.length());
    }

    private static char joinedAt(String p1, String p2, String p3, int index) {
        int i = index;
        if (i < p1.length()) {
            return p1.charAt(i);
        }
        i -= p1.length();
        if (i == 0) {
            return '/';
        }
        i--;
        if (i < p2.length()) {
            return p2.charAt(i);
        }
        i -= p2.length();
        if (i == 0) {
            return '/';
        }
        return p3.charAt(i - 1);
    }

    public enum Verdict {
        ADMITTED,
        DENIED,
        UNREACHABLE,
        /** Decided by something not known offline: an external authorizer a CUSTOM policy asks. */
        UNKNOWN;

        public String label() {
            return switch (this) {
                case ADMITTED -> "admitted";
                case DENIED -> "denied";
                case UNREACHABLE -> "unreachable";
                case UNKNOWN -> "unknown";
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
            // the evaluator's rows are immutable already, and shared between targets: kept, not copied
            decisions = decisions instanceof DecisionRow ? decisions : List.copyOf(decisions);
        }

        public boolean open() {
            return protectedBy.isEmpty();
        }
    }
}
