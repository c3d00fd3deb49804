package io.dkpmesh.maven;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Adopts a hand-written fleet: reads {@code <importFrom>/<cluster>/**.yaml} (manifests, multi-document
 * files, {@code kubectl get -o yaml} output) and writes the topology they amount to, with a report of
 * every object read, into {@code import/} of the report directory (docs/import.md). Changes nothing else.
 */
@Mojo(name = "import", threadSafe = true, requiresProject = false)
public class ImportMojo extends AbstractDkpMeshMojo {

    /** The folder of the report directory the import writes into. */
    static final String FOLDER = "import";

    /** A folder with one sub-folder per cluster, named after it, holding that cluster's manifests. */
    @Parameter(property = PropertyNames.IMPORT_FROM)
    private File importFrom;

    /**
     * A topology (or a document with a {@code clusters:} list) with the facts objects cannot tell:
     * edition, region, subnets, API server, DKP version; its mesh names, {@code gitops} and
     * {@code policies} too. Without it those facts become placeholders.
     */
    @Parameter(property = PropertyNames.IMPORT_CLUSTERS)
    private File importClusters;

    /** Skip {@code dkp-mesh:import} only. */
    @Parameter(property = PropertyNames.IMPORT_SKIP, defaultValue = "false")
    private boolean importSkip;

    @Override
    protected String goal() {
        return "import";
    }

    @Override
    protected boolean isGoalSkipped() {
        return importSkip;
    }

    @Override
    protected void run(DkpMesh engine, RenderRequest request) throws FindingsException {
        if (importFrom == null) {
            throw new FindingsException(List.of(new Finding(
                    FindingCode.IMPORT_FOLDER.code(),
                    Severity.ERROR,
                    ".",
                    0,
                    0,
                    "",
                    "nothing to import: set " + PropertyNames.IMPORT_FROM
                            + " to the folder that holds one sub-folder per cluster")));
        }
        Path out = reportDirectory().resolve(FOLDER);
        ImportResult result = engine.importFleet(new ImportRequest(
                resolve(importFrom), Optional.ofNullable(importClusters).map(this::resolve), out));
        if (result.hasErrors()) {
            throw new FindingsException(result.findings());
        }
        reportWarnings(result.findings());
        getLog().info("Imported " + result.objects() + " objects from " + relative(resolve(importFrom)) + " into "
                + relative(out.resolve("topology.yaml")) + "; every object and what became of it: "
                + relative(out.resolve("report.md")));
    }
}
