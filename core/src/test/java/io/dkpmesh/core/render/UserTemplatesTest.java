package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates in dkpmesh.templates override built-in ones by name; their mistakes name the template and line. */
class UserTemplatesTest {

    @TempDir
    Path dir;

    Path topology;
    Path templates;

    @BeforeEach
    void setUp() throws Exception {
        topology = dir.resolve("topology.yaml");
        templates = dir.resolve("templates");
        Files.createDirectories(templates);
        Files.writeString(topology, Topologies.FEDERATION);
    }

    private RenderRequest request() {
        return new RenderRequest(topology, dir.resolve("rendered"), Optional.of(templates), Set.of());
    }

    @Test
    void anOverrideIsUsed() throws Exception {
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        Files.writeString(
                templates.resolve("istiofederation.yaml.ftl"),
                builtIn.replace(
                        "metadata:\n  name: ${q(name)}\n",
                        "metadata:\n  name: ${q(name)}\n  labels:\n    team: \"platform\"\n"));
        new DkpMesh(EngineLog.SILENT).render(request());
        assertThat(dir.resolve("rendered/clusters/msk/mesh/istiofederation-spb.yaml"))
                .content()
                .contains("team: \"platform\"");
    }

    @Test
    void aFailingTemplateIsNamedWithItsLine() throws Exception {
        Files.writeString(
                templates.resolve("istiofederation.yaml.ftl"),
                "apiVersion: deckhouse.io/v1alpha1\nkind: IstioFederation\n${q(nosuchfield)}\n");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining(templates.resolve("istiofederation.yaml.ftl") + ":3:1: error DKPM701");
        assertThat(dir.resolve("rendered")).doesNotExist();
    }

    @Test
    void anOverrideOfTheTemplateTheWarmUpRendersIsReadAsTheUsersOwn() throws Exception {
        // the engine warms FreeMarker up with the built-in kustomization template, in an engine of its own
        Files.writeString(templates.resolve("kustomization.yaml.ftl"), "resources:\n<#list nosuch as r>\n");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining(templates.resolve("kustomization.yaml.ftl") + ":")
                .hasMessageContaining("error DKPM701");
    }

    @Test
    void aTemplateProducingAnInvalidObjectFailsTheSelfCheck() throws Exception {
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        Files.writeString(
                templates.resolve("istiofederation.yaml.ftl"),
                builtIn.replace("spec:\n", "spec:\n  tlsMode: \"Mutual\"\n"));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("error DKPM702 /spec/tlsMode")
                .hasMessageContaining(
                        templates.resolve("istiofederation.yaml.ftl") + " produced an invalid IstioFederation")
                // spb's IstioFederation is one rendering shared by msk's and ams's trees: each file is named
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.findings())
                                .extracting(Finding::file)
                                .contains(
                                        "clusters/msk/mesh/istiofederation-spb.yaml",
                                        "clusters/ams/mesh/istiofederation-spb.yaml",
                                        "clusters/spb/mesh/istiofederation-msk.yaml",
                                        "clusters/ams/mesh/istiofederation-msk.yaml",
                                        "clusters/msk/mesh/istiofederation-ams.yaml",
                                        "clusters/spb/mesh/istiofederation-ams.yaml"));
    }

    @Test
    void aTemplateLeakingAPrivateKeyFailsTheSecretGuard() throws Exception {
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        Files.writeString(
                templates.resolve("istiofederation.yaml.ftl"),
                builtIn.replace(
                        "  trustDomain:",
                        "  trustDomainKey: \"-----BEGIN EC PRIVATE KEY-----\\nabc\\n-----END EC PRIVATE KEY-----\"\n  trustDomain:"));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).render(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("DKPM703")
                .hasMessageContaining("private key material");
    }
}
