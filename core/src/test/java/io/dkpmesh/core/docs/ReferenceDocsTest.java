package io.dkpmesh.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.validate.TopologySchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed reference docs are exactly what the schema generates. {@code -Ddkpmesh.updateDocs=true}
 * rewrites them (refused on CI): review the diff before committing it.
 */
class ReferenceDocsTest {

    private static final Path DOCS = Path.of("..").resolve(ReferenceDocs.PATH);

    private static final String UPDATE_COMMAND =
            "./mvnw -pl core test -Dtest=ReferenceDocsTest -Ddkpmesh.updateDocs=true";

    /** The committed page documents the Maven plugin; the engine itself names no Maven command. */
    private static final ReferenceDocs.Commands MAVEN =
            new ReferenceDocs.Commands(UPDATE_COMMAND, "`mvn dkp-mesh:schema`", "`dkp-mesh:validate`");

    @Test
    void committedReferenceMatchesTheSchema() throws Exception {
        String generated = ReferenceDocs.markdown(TopologySchema.text(), MAVEN);
        if (Boolean.getBoolean("dkpmesh.updateDocs")) {
            assertThat(System.getenv("CI"))
                    .as("reference docs are never regenerated on CI")
                    .isNotEqualToIgnoringCase("true");
            Files.createDirectories(DOCS.getParent());
            Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
        }
        assertThat(DOCS)
                .as("%s is missing: run %s", ReferenceDocs.PATH, UPDATE_COMMAND)
                .isRegularFile();
        assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
                .as(
                        "%s is stale after a schema change: run %s, then review the diff",
                        ReferenceDocs.PATH, UPDATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void everyFieldOfTheSchemaHasARow() {
        String docs = ReferenceDocs.markdown(TopologySchema.text());
        assertThat(docs)
                .contains(
                        "## MeshTopology",
                        "## spec",
                        "## cluster",
                        "## mesh",
                        "## clusterCilium.apiserver",
                        "## gitops.argocd",
                        "| `edition` | string | yes |  | one of `CE`, `BE`, `SE`, `SE+`, `EE`, `CSE-Lite`, `CSE-Pro` |",
                        "| `clusters` | list of [cluster](#cluster) | yes |",
                        "When inlet is NodePort: `nodePort` required.",
                        "Exactly one of `allowedClusters`, `allowedLabels`.");
        // a pattern's alternatives must not split the table row
        assertThat(docs).doesNotContainPattern("[^\\\\]\\|\\(");
    }

    @Test
    void anchorsFollowGitHubHeadings() {
        assertThat(ReferenceDocs.anchor("clusterCilium.apiserver")).isEqualTo("clusterciliumapiserver");
        assertThat(ReferenceDocs.anchor("MeshTopology")).isEqualTo("meshtopology");
    }
}
