package io.dkpmesh.core.api;

import java.util.List;

/**
 * What {@code render} would change in the tree, per cluster, object by object: the plan a
 * reviewer reads next to the pull-request diff.
 *
 * @param clusters one entry per cluster with changes, in name order; fleet-wide files under {@code (fleet)}
 * @param access   who-can-call-what edges the change adds or removes, computed from the rendered
 *                 policies before and after, in edge order
 */
public record ChangePlan(List<ClusterChanges> clusters, List<AccessChange> access) {

    public ChangePlan {
        clusters = List.copyOf(clusters);
        access = List.copyOf(access);
    }

    public ChangePlan(List<ClusterChanges> clusters) {
        this(clusters, List.of());
    }

    public boolean isEmpty() {
        return clusters.isEmpty() && access.isEmpty();
    }

    /**
     * A caller that becomes admitted to a target ({@code added}) or stops being admitted.
     *
     * @param edge {@code caller -> target (deciding objects)}, as in {@code spb/checkout -> msk/shop/payments (authorizationpolicy-shop.payments)}
     */
    public record AccessChange(boolean added, String edge) {

        /** The plan line: {@code + edge} or {@code - edge}. */
        public String line() {
            return (added ? "+ " : "- ") + edge;
        }
    }

    public int count(Action action) {
        return (int) clusters.stream().flatMap(c -> c.changes().stream()).filter(c -> c.action() == action).count();
    }

    /** Changes of one cluster's files. */
    public record ClusterChanges(String cluster, List<ObjectChange> changes) {

        public ClusterChanges {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One object added, changed or removed.
     *
     * @param kind      the object's kind, or {@code file} for a file that is not a Kubernetes object
     * @param name      {@code metadata.name}, or the file name
     * @param namespace {@code metadata.namespace}, empty when cluster-scoped
     * @param path      the file in the output directory
     */
    public record ObjectChange(Action action, String kind, String name, String namespace, String path) {
    }

    public enum Action {
        ADDED, CHANGED, REMOVED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
