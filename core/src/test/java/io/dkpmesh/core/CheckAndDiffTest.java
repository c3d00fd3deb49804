package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.report.Reports;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check finds a stale tree and names the files; diff plans object changes and writes nothing. */
class CheckAndDiffTest {

    @TempDir
    Path dir;

    Path topology;
    Path out;
    DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    @BeforeEach
    void rendered() throws Exception {
        topology = dir.resolve("topology.yaml");
        out = dir.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        engine.render(RenderRequest.of(topology, out));
    }

    @Test
    void checkPassesOnAFreshTreeAndIgnoresForeignFiles() throws Exception {
        Files.writeString(out.resolve("clusters/msk/NOTES.md"), "mine");
        assertThat(engine.check(RenderRequest.of(topology, out))).isPositive();
    }

    @Test
    void checkNamesEditedMissingAndLeftoverFiles() throws Exception {
        Files.writeString(
                out.resolve("clusters/msk/mesh/istiofederation-spb.yaml"),
                "# edited\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.delete(out.resolve("clusters/spb/modules/moduleconfig-istio.yaml"));
        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));

        assertThatThrownBy(() -> engine.check(RenderRequest.of(topology, out)))
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.findings())
                                .extracting(Finding::format)
                                .contains(
                                        out
                                                + "/clusters/msk/mesh/istiofederation-spb.yaml: error DKPM902 /: was edited by hand since render wrote it;"
                                                + " render the tree again with dkp-mesh and commit the result",
                                        out
                                                + "/clusters/spb/modules/moduleconfig-istio.yaml: error DKPM902 /: was deleted by hand since render wrote it;"
                                                + " render the tree again with dkp-mesh and commit the result",
                                        out
                                                + "/clusters/ams/modules/moduleconfig-istio.yaml: error DKPM902 /: is owned by dkp-mesh but no longer rendered; "
                                                + "render the tree again with dkp-mesh and commit the result"));

        engine.render(RenderRequest.of(topology, out));
        assertThat(engine.check(RenderRequest.of(topology, out))).isPositive();
    }

    @Test
    void diffListsWhoGainsAndLosesAccess() throws Exception {
        assertThat(engine.diff(RenderRequest.of(topology, out)).access())
                .as("nothing changed")
                .isEmpty();
        Files.writeString(topology, Topologies.FEDERATION + """
                      access:
                        - {namespace: shop, service: catalog, from: [{cluster: spb, namespace: checkout}]}
                """);

        ChangePlan plan = engine.diff(RenderRequest.of(topology, out));

        // computed from the policies on disk (none: catalog was open) and the ones render would write
        assertThat(plan.access())
                .contains(
                        new ChangePlan.AccessChange(
                                true, "spb/checkout -> msk/shop/catalog (authorizationpolicy-shop.catalog)"),
                        new ChangePlan.AccessChange(false, "spb/checkout -> msk/shop/catalog (open)"),
                        new ChangePlan.AccessChange(false, "ams/checkout -> msk/shop/catalog (open)"),
                        new ChangePlan.AccessChange(false, "msk/shop -> msk/shop/catalog (open)"));
        assertThat(plan.access()).filteredOn(ChangePlan.AccessChange::added).hasSize(1);
        assertThat(Reports.planMarkdown(plan, "topology.yaml"))
                .contains("```diff\n- ams/* -> msk/shop/catalog (open)\n")
                .contains("+ spb/checkout -> msk/shop/catalog (authorizationpolicy-shop.catalog)\n");
    }

    /**
     * With the folder of the user's own policies, both matrices a diff compares include them: a user
     * DENY policy that already shuts spb's checkout out of catalog (istiod builds DENY before ALLOW:
     * istio {@code pilot/pkg/security/authz/builder/builder.go}) keeps shutting it out after the
     * change, so the new rendered ALLOW rule gains it nothing and the plan says nothing of it.
     */
    @Test
    void diffComparesAccessWithTheUsersOwnPolicies() throws Exception {
        Path policies = dir.resolve("policies");
        Files.createDirectories(policies.resolve("msk"));
        Files.writeString(policies.resolve("msk/deny.yaml"), """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: no-spb-checkout, namespace: shop}
                spec:
                  action: DENY
                  selector: {matchLabels: {app: catalog}}
                  rules:
                    - from: [{source: {principals: ["spb.local/ns/checkout/*"]}}]
                """);
        Files.writeString(topology, Topologies.FEDERATION + """
                      access:
                        - {namespace: shop, service: catalog, from: [{cluster: spb, namespace: checkout}]}
                """);
        String gained = "spb/checkout -> msk/shop/catalog (authorizationpolicy-shop.catalog)";

        assertThat(engine.diff(RenderRequest.of(topology, out)).access())
                .as("without the folder, the new rule admits spb/checkout")
                .contains(new ChangePlan.AccessChange(true, gained));
        ChangePlan plan = engine.diff(RenderRequest.of(topology, out).withUserPolicies(policies));

        assertThat(plan.access())
                .extracting(ChangePlan.AccessChange::edge)
                .noneMatch(edge -> edge.startsWith("spb/checkout -> msk/shop/catalog"));
        // the user's DENY policy selects catalog before and after: what the others lose was "not denied", not open
        assertThat(plan.access())
                .contains(new ChangePlan.AccessChange(false, "ams/checkout -> msk/shop/catalog (not denied)"));
    }

    @Test
    void diffNamesRemovedPeersAndChangesNothing() throws Exception {
        SortedMap<String, byte[]> before = GoldenCases.files(out);
        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));

        ChangePlan plan = engine.diff(RenderRequest.of(topology, out));

        assertThat(plan.clusters())
                .extracting(ChangePlan.ClusterChanges::cluster)
                .containsExactly("(fleet)", "ams", "msk", "spb");
        assertThat(plan.clusters().get(0).changes())
                .containsExactly(
                        new ObjectChange(Action.CHANGED, "file", "ACCESS.md", "", "ACCESS.md"),
                        new ObjectChange(Action.CHANGED, "file", "TOPOLOGY.md", "", "TOPOLOGY.md"));
        assertThat(plan.clusters().get(2).changes())
                .containsExactly(
                        new ObjectChange(
                                Action.REMOVED,
                                "IstioFederation",
                                "ams",
                                "",
                                "clusters/msk/mesh/istiofederation-ams.yaml"),
                        new ObjectChange(
                                        Action.CHANGED,
                                        "Kustomization",
                                        "mesh/kustomization.yaml",
                                        "",
                                        "clusters/msk/mesh/kustomization.yaml")
                                .with(
                                        ChangePlan.Cause.TOPOLOGY,
                                        List.of(
                                                new ChangePlan.FieldChange(
                                                        "resources[1]",
                                                        Optional.of("istiofederation-ams.yaml"),
                                                        Optional.of("istiofederation-spb.yaml")),
                                                new ChangePlan.FieldChange(
                                                        "resources[2]",
                                                        Optional.of("istiofederation-spb.yaml"),
                                                        Optional.empty()))));
        // ams: ModuleConfig, two IstioFederations, its federation gateway boundary, three kustomizations;
        // msk and spb: their IstioFederation for ams
        assertThat(plan.count(Action.REMOVED)).isEqualTo(9);
        SortedMap<String, byte[]> after = GoldenCases.files(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((path, bytes) -> assertThat(after.get(path)).isEqualTo(bytes));
    }

    @Test
    void diffOfAnUpToDateTreeIsEmpty() throws Exception {
        assertThat(engine.diff(RenderRequest.of(topology, out)).isEmpty()).isTrue();
    }

    @Test
    void anObjectThatOnlyMovedFileIsNoChange() throws Exception {
        Path moved = out.resolve("clusters/msk/istiofederation-spb.yaml");
        Files.move(out.resolve("clusters/msk/mesh/istiofederation-spb.yaml"), moved);
        String manifest = Files.readString(out.resolve(".dkp-mesh/manifest.json"));
        Files.writeString(
                out.resolve(".dkp-mesh/manifest.json"),
                manifest.replace(
                        "\"clusters/msk/mesh/istiofederation-spb.yaml\"", "\"clusters/msk/istiofederation-spb.yaml\""));
        ChangePlan plan = engine.diff(RenderRequest.of(topology, out));
        assertThat(plan.clusters()).isEmpty();
    }

    @Test
    void diffShowsFieldsWithOldAndNewValuesOfATopologyChange() throws Exception {
        Files.writeString(
                topology,
                Topologies.FEDERATION.replace(
                        "publicDomain: k8s-spb.example.com", "publicDomain: k8s-spb2.example.com"));

        ChangePlan plan = engine.diff(RenderRequest.of(topology, out));

        ObjectChange peer = change(plan, "msk", "clusters/msk/mesh/istiofederation-spb.yaml");
        assertThat(peer.cause()).isEqualTo(ChangePlan.Cause.TOPOLOGY);
        assertThat(peer.fields())
                .containsExactly(new ChangePlan.FieldChange(
                        "spec.metadataEndpoint",
                        Optional.of("https://istio-metadata.k8s-spb.example.com/metadata/"),
                        Optional.of("https://istio-metadata.k8s-spb2.example.com/metadata/")));
        assertThat(Reports.fieldLines(peer))
                .containsExactly("spec.metadataEndpoint: 'https://istio-metadata.k8s-spb.example.com/metadata/'"
                        + " -> 'https://istio-metadata.k8s-spb2.example.com/metadata/'");
        assertThat(Reports.planMarkdown(plan, "topology.yaml"))
                .contains("| changed | IstioFederation | spb | topology change |"
                        + " `clusters/msk/mesh/istiofederation-spb.yaml` |")
                .contains(
                        "| `spec.metadataEndpoint` |"
                                + " `'https://istio-metadata.k8s-spb.example.com/metadata/'` | `'https://istio-metadata.k8s-spb2.example.com/metadata/'` |")
                .doesNotContain("edited by hand");
    }

    @Test
    void diffTellsAHandEditOfTheTreeApartFromATopologyChange() throws Exception {
        Path file = out.resolve("clusters/msk/mesh/istiofederation-spb.yaml");
        Files.writeString(
                file, Files.readString(file).replace("trustDomain: \"spb.local\"", "trustDomain: \"spb.example\""));
        Files.delete(out.resolve("clusters/ams/mesh/istiofederation-msk.yaml"));

        ChangePlan plan = engine.diff(RenderRequest.of(topology, out));

        ObjectChange edited = change(plan, "msk", "clusters/msk/mesh/istiofederation-spb.yaml");
        assertThat(edited.action()).isEqualTo(Action.CHANGED);
        assertThat(edited.cause()).isEqualTo(ChangePlan.Cause.HAND_EDIT);
        assertThat(edited.fields())
                .containsExactly(new ChangePlan.FieldChange(
                        "spec.trustDomain", Optional.of("spb.example"), Optional.of("spb.local")));
        assertThat(change(plan, "ams", "clusters/ams/mesh/istiofederation-msk.yaml")
                        .cause())
                .as("deleted by hand")
                .isEqualTo(ChangePlan.Cause.HAND_EDIT);
        assertThat(Reports.planMarkdown(plan, "topology.yaml"))
                .contains("**2 files were edited by hand** in the tree; render puts back" + " what the topology says.")
                .contains("| changed | IstioFederation | spb | edited by hand |");

        // edited by hand and changed in the topology as well
        Files.writeString(
                topology, Topologies.FEDERATION.replace("clusterDomain: spb.local", "clusterDomain: spb2.local"));
        assertThat(change(
                                engine.diff(RenderRequest.of(topology, out)),
                                "msk",
                                "clusters/msk/mesh/istiofederation-spb.yaml")
                        .cause())
                .isEqualTo(ChangePlan.Cause.BOTH);
    }

    @Test
    void checkSaysWhetherAFileWasEditedByHandOrTheTopologyChanged() throws Exception {
        Path file = out.resolve("clusters/msk/mesh/istiofederation-spb.yaml");
        Files.writeString(file, "# edited\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                topology,
                Topologies.FEDERATION.replace(
                        "publicDomain: k8s-ams.example.com", "publicDomain: k8s-ams2.example.com"));

        assertThatThrownBy(() -> engine.check(RenderRequest.of(topology, out)))
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.findings())
                                .extracting(Finding::format)
                                .contains(
                                        out
                                                + "/clusters/msk/mesh/istiofederation-spb.yaml: error DKPM902 /: was edited by hand since render wrote it;"
                                                + " render the tree again with dkp-mesh and commit the result",
                                        out
                                                + "/clusters/msk/mesh/istiofederation-ams.yaml: error DKPM902 /: differs from what render writes: the topology"
                                                + " changed; render the tree again with dkp-mesh and commit the result"));
    }

    @Test
    void renderSummaryCountsOnlyTheClustersItRendered() throws Exception {
        // a fourth cluster in no mesh has nothing to render: no tree, not counted
        Files.writeString(
                topology,
                Topologies.FEDERATION.replace(
                        "  meshes:\n",
                        "    - name: kzn\n      edition: CE\n      region: ru-east\n"
                                + "      podSubnetCIDR: 10.115.0.0/16\n      serviceSubnetCIDR: 10.226.0.0/16\n  meshes:\n"));
        assertThat(engine.render(RenderRequest.of(topology, out)).clusters()).isEqualTo(3);
        assertThat(out.resolve("clusters/kzn")).doesNotExist();
        assertThat(engine.render(new RenderRequest(topology, out, Optional.empty(), java.util.Set.of("msk")))
                        .clusters())
                .isEqualTo(1);
    }

    private static ObjectChange change(ChangePlan plan, String cluster, String path) {
        return plan.clusters().stream()
                .filter(c -> c.cluster().equals(cluster))
                .flatMap(c -> c.changes().stream())
                .filter(c -> c.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(path + " not in " + plan));
    }
}
