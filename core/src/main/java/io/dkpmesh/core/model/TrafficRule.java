package io.dkpmesh.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resilience and routing for one service. */
public record TrafficRule(
        String pointer,
        String service,
        String namespace,
        Optional<CircuitBreaker> circuitBreaker,
        List<Failover> failover,
        List<Distribute> distribute,
        Optional<Canary> canary,
        Optional<String> affinity) {

    public TrafficRule {
        failover = List.copyOf(failover);
        distribute = List.copyOf(distribute);
    }

    public record CircuitBreaker(
            Optional<Integer> maxConnections,
            Optional<Integer> maxPendingRequests,
            Optional<Integer> consecutive5xxErrors,
            Optional<String> interval,
            Optional<String> baseEjectionTime,
            Optional<Integer> maxEjectionPercent) {}

    public record Failover(String pointer, String from, String to) {}

    /** Weights in the order written, so the output keeps the user's order. */
    public record Distribute(String pointer, String from, Map<String, Integer> to) {}

    /** @param versionLabel the pod label whose values {@code stable} and {@code canary} are */
    public record Canary(String pointer, String stable, String canary, int weight, String versionLabel) {

        public static final String DEFAULT_VERSION_LABEL = "version";
    }
}
