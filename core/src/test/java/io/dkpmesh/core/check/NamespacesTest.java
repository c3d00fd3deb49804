package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argo CD and Flux apply objects into namespaces they do not create (argoproj/gitops-engine,
 * pkg/sync/sync_context.go, autoCreateNamespace: CreateNamespace=true creates only the
 * Application's destination namespace). Each cluster is told which namespaces it needs, until the
 * topology says they exist.
 */
class NamespacesTest {

    @TempDir
    Path dir;

    private List<String> warnings(String topology) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology);
        return new DkpMesh(EngineLog.SILENT)
                .findings(RenderRequest.of(file, dir.resolve("rendered"))).stream()
                        .filter(f -> f.code().equals("DKPM610"))
                        .map(Finding::format)
                        .toList();
    }

    @Test
    void eachClusterIsToldTheNamespacesItsObjectsNeedUntilTheTopologySaysTheyExist() throws Exception {
        String example = Files.readString(Path.of("..", "examples", "cilium-clustermesh", "topology.yaml"));

        List<String> warnings = warnings(example);

        assertThat(warnings)
                .hasSize(4)
                .anySatisfy(w -> assertThat(w)
                        .endsWith(
                                "topology.yaml:17:13: warning DKPM610 /spec/clusters/0/name: cluster 'msk' gets objects"
                                        + " in namespaces payments, shop, which Flux does not create; the sync fails while one is missing: create them in that"
                                        + " cluster, then set spec.gitops.namespacesExist: true"));
        assertThat(warnings(example.replace("    tool: flux\n", "    tool: flux\n    namespacesExist: true\n")))
                .isEmpty();
    }
}
