package io.dkpmesh.maven;

import io.dkpmesh.core.Commands;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.io.File;
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
    protected void run(Commands commands, RenderRequest request) throws FindingsException {
        commands.importFleet(
                Optional.ofNullable(importFrom).map(this::resolve),
                Optional.ofNullable(importClusters).map(this::resolve),
                PropertyNames.IMPORT_FROM);
    }
}
