package io.dkpmesh.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}) with the
 * apimachinery semantics Istio's workload selector and Cilium's endpoint selector share: every
 * label and every requirement must hold; {@code NotIn} and {@code DoesNotExist} hold for a missing
 * key; an empty selector selects everything.
 *
 * <p>Cilium keys may carry a label source ({@code k8s:app}, {@code any:app}); endpoints of pods
 * only have {@code k8s} labels, so both forms name the same label here
 * (cilium {@code pkg/labels/labels.go}, {@code pkg/policy/api/selector.go}).
 */
public record Selector(Map<String, String> labels, List<Requirement> requirements) {

    public static final Selector ALL = new Selector(Map.of(), List.of());

    public Selector {
        labels = Map.copyOf(labels);
        requirements = List.copyOf(requirements);
    }

    /** One {@code matchExpressions} entry. */
    public record Requirement(String key, String operator, List<String> values) {

        public Requirement {
            values = List.copyOf(values);
        }

        boolean holds(Map<String, String> endpoint) {
            String value = endpoint.get(key);
            return switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                // an operator the API server would have refused selects nothing
                default -> false;
            };
        }
    }

    /** Parses a selector object; {@code null} is the empty selector. */
    @SuppressWarnings("unchecked")
    public static Selector parse(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            return ALL;
        }
        Map<String, String> labels = new TreeMap<>();
        if (map.get("matchLabels") instanceof Map<?, ?> matchLabels) {
            matchLabels.forEach((k, v) -> labels.put(key(String.valueOf(k)), String.valueOf(v)));
        }
        List<Requirement> requirements = new ArrayList<>();
        if (map.get("matchExpressions") instanceof List<?> expressions) {
            for (Object item : expressions) {
                if (item instanceof Map<?, ?> e) {
                    List<String> values = e.get("values") instanceof List<?> list
                            ? list.stream().map(String::valueOf).toList()
                            : List.of();
                    requirements.add(new Requirement(
                            key(String.valueOf(e.get("key"))), String.valueOf(e.get("operator")), values));
                }
            }
        }
        return new Selector(labels, requirements);
    }

    /** The label key without a Cilium source prefix. */
    static String key(String key) {
        if (key.startsWith("k8s:")) {
            return key.substring(4);
        }
        if (key.startsWith("any:")) {
            return key.substring(4);
        }
        return key;
    }

    public boolean matches(Map<String, String> endpoint) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(endpoint.get(label.getKey()))) {
                return false;
            }
        }
        for (Requirement requirement : requirements) {
            if (!requirement.holds(endpoint)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a label or requirement constrains {@code key}. */
    public boolean constrains(String key) {
        return labels.containsKey(key)
                || requirements.stream().anyMatch(r -> r.key().equals(key));
    }

    /** This selector with one more label to match. */
    public Selector and(String key, String value) {
        Map<String, String> more = new TreeMap<>(labels);
        more.put(key, value);
        return new Selector(more, requirements);
    }
}
