package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of validating a topology.
 *
 * @param topology     the model, present when no error was found
 * @param metadataCAs  PEM text of each cluster's metadata CA, by cluster name
 * @param findings     everything found, errors and warnings, in print order
 * @param positions    where each JSON pointer of the topology sits, so that findings made while
 *                     rendering (settings two meshes contradict) point at the right line too
 */
public record Validation(
        Optional<Topology> topology, Map<String, String> metadataCAs, List<Finding> findings, SourceMap positions) {

    public Validation {
        metadataCAs = Map.copyOf(metadataCAs);
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }
}
