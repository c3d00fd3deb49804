package io.dkpmesh.core.model;

import java.util.List;
import java.util.Map;

/** Fleet-wide rules that no mesh may break. */
public record Policies(List<Residency> residency, boolean allowCrossEnvironment) {

    public Policies {
        residency = List.copyOf(residency);
    }

    /** Data of {@code namespace} stays on the listed clusters, or on clusters with all the labels. */
    public record Residency(
            String pointer, String namespace, List<String> allowedClusters, Map<String, String> allowedLabels) {

        public Residency {
            allowedClusters = List.copyOf(allowedClusters);
            allowedLabels = Map.copyOf(allowedLabels);
        }

        public boolean allows(Cluster cluster) {
            if (!allowedClusters.isEmpty()) {
                return allowedClusters.contains(cluster.name());
            }
            return allowedLabels.entrySet().stream()
                    .allMatch(label -> label.getValue().equals(cluster.labels().get(label.getKey())));
        }
    }
}
