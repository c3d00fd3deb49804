package io.dkpmesh.core.api;

import java.util.List;

/**
 * What {@code render} would change in the tree, per cluster, object by object: the plan a
 * reviewer reads next to the pull-request diff.
 *
 * @param clusters one entry per cluster with changes, in name order; fleet-wide files under {@code (fleet)}
 */
public record ChangePlan(List<ClusterChanges> clusters) {

    public ChangePlan {
        clusters = List.copyOf(clusters);
    }

    public boolean isEmpty() {
        return clusters.isEmpty();
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
