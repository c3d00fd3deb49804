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
public record ChangePlan(List<ClusterChanges> clusters, List<AccessChange> access, List<Transition> transitions) {

    public ChangePlan {
        clusters = List.copyOf(clusters);
        access = List.copyOf(access);
        transitions = List.copyOf(transitions);
    }

    /** A plan without transitions. */
    public ChangePlan(List<ClusterChanges> clusters, List<AccessChange> access) {
        this(clusters, access, List.of());
    }

    public boolean isEmpty() {
        return clusters.isEmpty() && access.isEmpty() && transitions.isEmpty();
    }

    /**
     * A change the running clusters cannot simply take ({@code DKPM8xx}): the warning at the line
     * of the topology that causes it, and the steps, in order, that make it safe.
     */
    public record Transition(Finding finding, List<Step> steps) {
        public Transition {
            steps = List.copyOf(steps);
        }
    }

    /**
     * One step of a transition.
     *
     * @param text     what to do
     * @param clusters the clusters it changes, in name order; empty when it changes none (a commit)
     */
    public record Step(String text, List<String> clusters) {
        public Step {
            clusters = List.copyOf(clusters);
        }

        /** The step as one line: its text, then where it runs. */
        public String line() {
            return clusters.isEmpty() ? text : text + " [clusters: " + String.join(", ", clusters) + "]";
        }
    }

    /** The transitions' findings, for reports and for failing a build on them. */
    public List<Finding> transitionFindings() {
        return transitions.stream().map(Transition::finding).toList();
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
        return (int) clusters.stream()
                .flatMap(c -> c.changes().stream())
                .filter(c -> c.action() == action)
                .count();
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
     * @param cause     why it changes: the topology (or the generator), or an edit of the tree by hand
     * @param fields    for a changed object, each field whose value differs, in document order
     */
    public record ObjectChange(
            Action action,
            String kind,
            String name,
            String namespace,
            String path,
            Cause cause,
            List<FieldChange> fields) {

        public ObjectChange {
            fields = List.copyOf(fields);
        }

        public ObjectChange(Action action, String kind, String name, String namespace, String path) {
            this(action, kind, name, namespace, path, Cause.TOPOLOGY, List.of());
        }

        public ObjectChange with(Cause cause, List<FieldChange> fields) {
            return new ObjectChange(action, kind, name, namespace, path, cause, fields);
        }
    }

    /**
     * A field of a changed object: its path ({@code spec.metadataEndpoint}, {@code spec.ports[0].port})
     * and its value on disk and as rendered; empty when the field is only on one side. The value on
     * disk may be a hand edit holding a secret: values are masked here ({@link Secrets#mask}), once
     * for the console, plan.json and plan.md.
     */
    public record FieldChange(String field, java.util.Optional<String> before, java.util.Optional<String> after) {
        public FieldChange {
            field = Secrets.mask(field);
            before = before.map(Secrets::mask);
            after = after.map(Secrets::mask);
        }
    }

    /** Why a file of the tree changes. */
    public enum Cause {
        /** The topology, a template or the generator changed what is rendered. */
        TOPOLOGY("topology change"),
        /** The file on disk was edited (or deleted) by hand since render wrote it; render puts back what the topology says. */
        HAND_EDIT("edited by hand"),
        /** Both: edited by hand, and the topology changed too. */
        BOTH("edited by hand and topology change");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Action {
        ADDED,
        CHANGED,
        REMOVED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
