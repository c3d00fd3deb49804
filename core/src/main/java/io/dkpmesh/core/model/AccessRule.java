package io.dkpmesh.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call a namespace, or one service in it.
 *
 * @param workloadLabels the pod labels of the service's workloads, as written; empty means the
 *                       default {@code app: <service>}
 */
public record AccessRule(
        String pointer,
        String namespace,
        Optional<String> service,
        Map<String, String> workloadLabels,
        List<Caller> from) {

    /** The label a service's pods are assumed to carry when the rule gives none (Istio's app/version convention). */
    public static final String APP_LABEL = "app";

    public AccessRule {
        workloadLabels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workloadLabels));
        from = List.copyOf(from);
    }

    /** The labels that select the protected pods: as given, else {@code app: <service>}; empty for a whole namespace. */
    public Map<String, String> podSelector() {
        if (service.isEmpty()) {
            return Map.of();
        }
        return workloadLabels.isEmpty() ? Map.of(APP_LABEL, service.get()) : workloadLabels;
    }

    /** A caller: a cluster, a namespace in any member, or a namespace in one cluster. */
    public record Caller(String pointer, Optional<String> cluster, Optional<String> namespace) {}
}
