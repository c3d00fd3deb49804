package io.dkpmesh.core.importer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to import and where to write the result.
 *
 * @param from            a folder with one sub-folder per cluster, named after it, holding that cluster's
 *                        manifests ({@code <from>/<cluster>/**.yaml})
 * @param clustersFile    a topology (or a document with a {@code clusters:} list) giving the facts the
 *                        objects cannot tell; empty: such facts become placeholders
 * @param outputDirectory where {@code topology.yaml}, {@code report.md} and the CA certificates go
 */
public record ImportRequest(Path from, Optional<Path> clustersFile, Path outputDirectory) {

    public ImportRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(clustersFile, "clustersFile");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
    }
}
