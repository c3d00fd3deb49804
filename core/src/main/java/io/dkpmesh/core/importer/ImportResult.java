package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.Finding;
import java.util.List;
import java.util.SortedMap;

/**
 * What an import produced.
 *
 * @param files    the files written, by path relative to the output directory: {@code topology.yaml},
 *                 {@code report.md} and {@code certs/<cluster>-metadata-ca.pem}
 * @param findings every finding, in print order
 * @param objects  how many objects were read
 */
public record ImportResult(SortedMap<String, String> files, List<Finding> findings, int objects) {

    public ImportResult {
        files = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(files));
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }
}
