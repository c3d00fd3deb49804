package io.dkpmesh.core.load;

import io.dkpmesh.core.api.Finding;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A YAML file as a JSON tree with positions, or the findings that kept it from loading.
 *
 * @param root      the document, empty when it could not be loaded
 * @param positions where each node stood
 * @param findings  problems found while loading (syntax, duplicate keys, limits, tags)
 */
public record LoadedDocument(Optional<JsonNode> root, SourceMap positions, List<Finding> findings) {

    public LoadedDocument {
        findings = List.copyOf(findings);
    }
}
