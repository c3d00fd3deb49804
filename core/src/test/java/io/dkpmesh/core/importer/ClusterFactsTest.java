package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import's clusters file: a topology or a document with a {@code clusters:} list, of which
 * only the facts objects cannot tell are read; anything else is one DKPM012 and no facts.
 */
class ClusterFactsTest {

    @TempDir
    Path dir;

    private final List<Finding> findings = new ArrayList<>();

    private ClusterFacts read(String yaml) throws Exception {
        Path file = dir.resolve("clusters.yaml");
        Files.writeString(file, yaml);
        return ClusterFacts.read(file, findings);
    }

    @Test
    void aTopologyGivesItsClustersMeshNamesNameGitopsAndPolicies() throws Exception {
        ClusterFacts facts = read("""
                apiVersion: dkp-mesh.io/v1alpha1
                kind: MeshTopology
                metadata:
                  name: retail
                spec:
                  clusters:
                    - {name: msk, clusterDomain: msk.local, publicDomain: k8s-msk.example.com}
                    - {name: ams, clusterDomain: ams.local}
                  meshes:
                    - name: retail-federation
                      type: federation
                      provider: istio
                      clusters: [msk, ams]
                      namespaces: [shop]
                      exports: [{cluster: msk, namespace: shop, service: catalog}]
                  gitops: {tool: flux}
                """);
        assertThat(findings).isEmpty();
        assertThat(facts.names()).containsExactly("msk", "ams");
        assertThat(facts.of("msk"))
                .containsEntry("clusterDomain", "msk.local")
                .containsEntry("publicDomain", "k8s-msk.example.com");
        assertThat(facts.of("spb")).as("a cluster the file does not name").isEmpty();
        assertThat(facts.meshes())
                .as("only the names: the mesh's contents come from the objects")
                .containsExactly(Map.of(
                        "name", "retail-federation",
                        "type", "federation",
                        "provider", "istio",
                        "clusters", List.of("msk", "ams")));
        assertThat(facts.name()).contains("retail");
        assertThat(facts.gitops()).contains(Map.of("tool", "flux"));
        assertThat(facts.policies()).isEmpty();
    }

    @Test
    void aDocumentWithAClustersListIsReadAsTheSpec() throws Exception {
        ClusterFacts facts = read("""
                clusters:
                  - name: spb
                    metadataEndpoint: https://meta.spb.example.com/metadata/
                policies: {mtls: strict}
                """);
        assertThat(findings).isEmpty();
        assertThat(facts.names()).containsExactly("spb");
        assertThat(facts.name()).isEmpty();
        assertThat(facts.meshes()).isEmpty();
        assertThat(facts.policies()).contains(Map.of("mtls", "strict"));
    }

    @Test
    void theMetadataEndpointIsExplicitOrTheIstioMetadataHostOfThePublicDomain() {
        assertThat(ClusterFacts.endpoint(Map.of(
                        "metadataEndpoint", "https://meta.example.com/metadata/", "publicDomain", "k8s.example.com")))
                .contains("https://meta.example.com/metadata/");
        assertThat(ClusterFacts.endpoint(Map.of("publicDomain", "k8s-msk.example.com")))
                .contains("https://istio-metadata.k8s-msk.example.com/metadata/");
        assertThat(ClusterFacts.endpoint(Map.of("clusterDomain", "msk.local"))).isEmpty();
    }

    @Test
    void aClusterWithoutANameOrNamedTwiceIsOneErrorAndNoFacts() throws Exception {
        ClusterFacts twice = read("clusters: [{name: msk}, {name: msk}]\n");
        assertThat(twice.names()).isEmpty();
        assertThat(findings)
                .extracting(Finding::code, Finding::severity, Finding::file, Finding::pointer)
                .containsExactly(tuple("DKPM012", Severity.ERROR, "clusters.yaml", "/spec/clusters"));
        findings.clear();
        assertThat(read("clusters: [{clusterDomain: msk.local}]\n").names()).isEmpty();
        assertThat(findings).extracting(Finding::code).containsExactly("DKPM012");
    }

    @Test
    void aFileWithoutClustersIsOneError() throws Exception {
        ClusterFacts facts = read("spec:\n  meshes: []\n");
        assertThat(facts.names()).isEmpty();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM012");
            assertThat(f.message()).contains("holds no clusters: list");
        });
    }

    @Test
    void aMissingFileIsOneErrorNotAnException() {
        ClusterFacts facts = ClusterFacts.read(dir.resolve("absent.yaml"), findings);
        assertThat(facts.names()).isEmpty();
        assertThat(findings).extracting(Finding::code, Finding::file).containsExactly(tuple("DKPM012", "absent.yaml"));
        assertThat(findings.get(0).message()).startsWith("cannot be read");
    }

    @Test
    void yamlThatDoesNotLoadIsReportedAsDkpm012WithTheLoadersPositionAndCode() throws Exception {
        ClusterFacts facts = read("clusters:\n  - {name: msk\n");
        assertThat(facts.names()).isEmpty();
        assertThat(findings).isNotEmpty().allSatisfy(f -> {
            assertThat(f.code()).isEqualTo("DKPM012");
            assertThat(f.file()).isEqualTo("clusters.yaml");
            assertThat(f.line()).isPositive();
            assertThat(f.message()).matches("DKPM\\d{3}: .*");
        });
    }

    @Test
    void noneHasNoFacts() {
        ClusterFacts none = ClusterFacts.none();
        assertThat(none.names()).isEmpty();
        assertThat(none.meshes()).isEmpty();
        assertThat(none.name()).isEmpty();
        assertThat(none.gitops()).isEmpty();
        assertThat(none.policies()).isEmpty();
    }
}
