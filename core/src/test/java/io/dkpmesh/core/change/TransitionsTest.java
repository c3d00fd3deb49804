package io.dkpmesh.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Transition;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.report.FindingHelp;
import io.dkpmesh.core.report.Reports;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each transition: a baseline topology is rendered (the tree the clusters run), the topology is
 * changed, and {@code diff} must name the change at the changed line with the reason and the steps
 * that make it safe, and {@code validate} must report the same warning. The upstream source that
 * makes each one unsafe is cited at its test and in {@code docs/transitions.md}.
 */
class TransitionsTest {

    @TempDir
    Path repo;

    private final DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    private static String golden(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/golden", name, "topology.yaml"));
    }

    /** An example's topology, with the files it names (its metadata CAs) copied beside the test's. */
    private String example(String name) throws Exception {
        io.dkpmesh.core.testing.Trees.copy(Path.of("../examples", name, "certs"), repo.resolve("certs"));
        return Files.readString(Path.of("../examples", name, "topology.yaml"));
    }

    /**
     * cilium/cilium chart values.yaml: {@code clustermesh.maxConnectedClusters} "cannot be changed on
     * running clusters"; {@code cluster.id}/{@code cluster.name} are read by the agent at start
     * (templates/cilium-configmap.yaml {@code cluster-id}, {@code cluster-name}).
     */
    @Test
    void aCiliumClusterIdChangeOfARunningMember() throws Exception {
        String before = golden("gitops-flux");
        String after = before.replace("        id: 4\n", "        id: 5\n");
        Transition t = only(before, after, "DKPM801");
        assertThat(t.finding().line()).isEqualTo(line(after, "id: 5"));
        assertThat(t.finding().message()).contains("cluster.id 4 -> 5").contains("cannot be changed on running");
        assertThat(t.steps())
                .extracting(ChangePlan.Step::text)
                .first()
                .asString()
                .startsWith("Remove ekb from the ClusterMesh");
        // where each step runs: off the mesh everywhere, Cilium on ekb alone, back everywhere
        assertThat(t.steps())
                .extracting(ChangePlan.Step::clusters)
                .containsExactly(List.of("ekb", "nsk"), List.of("ekb"), List.of("ekb", "nsk"));
    }

    @Test
    void maxConnectedClustersOfARunningMeshChanges() throws Exception {
        String before = golden("gitops-flux");
        String after = before.replace(
                "      namespaces: [shop]\n", "      namespaces: [shop]\n      cilium: {maxConnectedClusters: 511}\n");
        List<Transition> found = transitions(before, after, "DKPM801");
        assertThat(found).hasSize(2);
        assertThat(found)
                .allSatisfy(t ->
                        assertThat(t.finding().line()).isEqualTo(line(after, "cilium: {maxConnectedClusters: 511}")));
        assertThat(found.get(0).finding().message()).contains("clustermesh.maxConnectedClusters 255 -> 511");
    }

    @Test
    void aRenamedCiliumMemberIsTheSameRunningClusterWithANewClusterName() throws Exception {
        String before = golden("gitops-flux");
        String after = before.replace("- name: ekb", "- name: ekb2")
                .replace("[nsk, ekb]", "[nsk, ekb2]")
                .replace("{cluster: ekb}", "{cluster: ekb2}");
        Transition t = transitions(before, after, "DKPM801").get(0);
        assertThat(t.finding().line()).isEqualTo(line(after, "- name: ekb2"));
        assertThat(t.finding().message()).contains("cluster.name ekb -> ekb2");
    }

    /** A trust domain is the cluster's clusterDomain (DOMAIN.md §1: DKP ClusterConfiguration), in every SPIFFE principal. */
    @Test
    void aMembersTrustDomainChanges() throws Exception {
        String after = Topologies.FEDERATION.replace("clusterDomain: spb.local", "clusterDomain: spb2.local");
        Transition t = only(Topologies.FEDERATION, after, "DKPM811");
        assertThat(t.finding().line()).isEqualTo(line(after, "clusterDomain: spb2.local"));
        assertThat(t.finding().message()).contains("'spb.local' -> 'spb2.local'");
    }

    /** Peers fetch the metadata endpoint they were given (deckhouse IstioFederation spec.metadataEndpoint) until synced. */
    @Test
    void aMembersMetadataEndpointChanges() throws Exception {
        String after = Topologies.FEDERATION.replace(
                "publicDomain: k8s-spb.example.com", "publicDomain: k8s-spb2.example.com");
        Transition t = only(Topologies.FEDERATION, after, "DKPM812");
        assertThat(t.finding().line()).isEqualTo(line(after, "publicDomain: k8s-spb2.example.com"));
        assertThat(t.steps())
                .extracting(ChangePlan.Step::text)
                .first()
                .asString()
                .startsWith("Serve the metadata at the new endpoint");
        assertThat(t.steps())
                .extracting(ChangePlan.Step::clusters)
                .containsExactly(List.of("spb"), List.of("ams", "msk"), List.of("spb"));
    }

    @Test
    void aMeshSwitchedFromFederationToMulticluster() throws Exception {
        String after = Topologies.FEDERATION
                .replace("clusterDomain: msk.local", "clusterDomain: retail.local")
                .replace("clusterDomain: spb.local", "clusterDomain: retail.local")
                .replace("clusterDomain: ams.local", "clusterDomain: retail.local")
                .replace("type: federation", "type: multicluster")
                .replace("      exports:\n        - {cluster: msk, namespace: shop, service: catalog}\n", "");
        List<Transition> found = transitions(Topologies.FEDERATION, after, "DKPM813");
        assertThat(found).hasSize(3);
        // at each member's entry in clusters
        assertThat(found)
                .extracting(t -> t.finding().line())
                .containsExactlyInAnyOrder(
                        line(after, "- name: msk"), line(after, "- name: spb"), line(after, "- name: ams"));
        assertThat(found.get(0).finding().message()).contains("IstioFederation -> IstioMulticluster");
    }

    /**
     * argo-cd docs/operator-manual/applicationset/Controlling-Resource-Modification.md: with
     * {@code applicationsSync: create-update} the ApplicationSet controller never deletes an Application.
     */
    @Test
    void aRenamedTopologyRenamesArgoCdApplications() throws Exception {
        String before = golden("gitops-argocd");
        String after = before.replaceFirst("\n  name: fleet\n", "\n  name: fleet2\n");
        Transition t = only(before, after, "DKPM821");
        assertThat(t.finding().line()).isEqualTo(line(after, "name: fleet2"));
        assertThat(t.finding().message()).contains("applicationsSync create-update never deletes an Application");
        assertThat(t.steps())
                .extracting(ChangePlan.Step::text)
                .last()
                .asString()
                .contains("--cascade=false");
    }

    /** fluxcd kustomize-controller docs (spec.prune): deleting a Kustomization garbage-collects what it applied. */
    @Test
    void aRenamedTopologyRenamesFluxKustomizations() throws Exception {
        String before = golden("gitops-flux");
        String after = before.replaceFirst("\n  name: fleet\n", "\n  name: fleet2\n");
        Transition t = only(before, after, "DKPM821");
        assertThat(t.finding().message()).contains("with prune: true each deletes what it applied");
        assertThat(t.steps())
                .extracting(ChangePlan.Step::text)
                .first()
                .asString()
                .contains("prune: false");
    }

    @Test
    void aRenamedClusterRenamesItsArgoCdApplicationAtTheNewName() throws Exception {
        String before = golden("gitops-argocd");
        String after = before.replace("    - name: spb\n", "    - name: spb2\n").replace("[msk, spb]", "[msk, spb2]");
        List<Transition> renamed = transitions(before, after, "DKPM821");
        assertThat(renamed).hasSize(1);
        assertThat(renamed.get(0).finding().line()).isEqualTo(line(after, "- name: spb2"));
        assertThat(renamed.get(0).finding().message()).contains("clusters are renamed or removed");
    }

    @Test
    void thePathTheTreesAreReadFromChanges() throws Exception {
        String before = golden("gitops-argocd");
        String after = before.replace("    path: rendered\n", "    path: mesh/rendered\n");
        Transition t = only(before, after, "DKPM823");
        assertThat(t.finding().message()).contains("rendered/clusters/{{ .cluster }}");
        assertThat(t.steps()).extracting(ChangePlan.Step::clusters).first().isEqualTo(List.of());
    }

    /**
     * Trees rendered before the Cilium rollout phase held the HelmRelease in gitops/flux/<c>/cilium.yaml,
     * applied by the user's bootstrap Kustomization; now Kustomization <topology>-cilium applies it from
     * cilium/. The bootstrap prunes what left its inventory (kustomize-controller
     * docs/spec/v1/kustomizations.md, garbage collection), and helm-controller uninstalls the release of
     * a deleted HelmRelease: the CNI.
     */
    @Test
    void aFluxHelmReleaseThatMovesToAnotherKustomizationIsNamedBeforeItsOldOwnerPrunesIt() throws Exception {
        String topology = golden("gitops-flux");
        Path out = repo.resolve("rendered");
        Files.writeString(repo.resolve("topology.yaml"), topology);
        engine.render(RenderRequest.of(repo.resolve("topology.yaml"), out));
        // the tree as an earlier dkp-mesh rendered it: the HelmRelease beside the bootstrap's other files
        for (String cluster : List.of("ekb", "nsk")) {
            Path flux = out.resolve("gitops/flux").resolve(cluster);
            Files.move(
                    flux.resolve("cilium/helmrelease.yaml"),
                    flux.resolve("cilium.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ChangePlan plan = engine.diff(RenderRequest.of(repo.resolve("topology.yaml"), out));
        List<Transition> moved = plan.transitions().stream()
                .filter(t -> t.finding().code().equals("DKPM824"))
                .toList();
        assertThat(moved).hasSize(2);
        assertThat(moved.get(0).finding().message())
                .contains("HelmRelease 'fleet-cilium' of cluster 'ekb' moves from gitops/flux/ekb/ to"
                        + " gitops/flux/ekb/cilium/")
                .contains("uninstalls the release");
        assertThat(moved.get(0).steps())
                .extracting(ChangePlan.Step::text)
                .first()
                .asString()
                .contains("kustomize.toolkit.fluxcd.io/prune=disabled");
        // rendered again as it is now: nothing moves
        engine.render(RenderRequest.of(repo.resolve("topology.yaml"), out));
        assertThat(engine.diff(RenderRequest.of(repo.resolve("topology.yaml"), out))
                        .transitions())
                .noneMatch(t -> t.finding().code().equals("DKPM824"));
    }

    @Test
    void theGitopsToolIsSwitched() throws Exception {
        String before = golden("gitops-argocd");
        String after = before.replace("tool: argocd", "tool: flux");
        Transition t = only(before, after, "DKPM822");
        assertThat(t.finding().line()).isEqualTo(line(after, "tool: flux"));
        assertThat(t.finding().message()).contains("from argocd to flux");
    }

    @Test
    void theRepositoryTheTreesAreReadFromChanges() throws Exception {
        String before = golden("gitops-argocd");
        String after = before.replace(
                "https://git.example.com/platform/mesh.git", "https://git.example.com/platform/mesh2.git");
        Transition t = only(before, after, "DKPM823");
        assertThat(t.finding().line()).isEqualTo(line(after, "mesh2.git"));
    }

    @Test
    void callersTheBaselineAdmitsAreNamedWhenTheChangeCutsThemOff() throws Exception {
        String before = example("istio-federation");
        String after = before.replace("            - {cluster: spb, namespace: billing}\n", "");
        Transition t = transitions(before, after, "DKPM831").get(0);
        assertThat(t.finding().message()).contains("cuts spb/billing off msk/shop/payments");
        assertThat(t.steps()).extracting(ChangePlan.Step::clusters).containsExactly(List.of("spb"), List.of("msk"));
        // at the mesh's access rules
        assertThat(t.finding().line()).isEqualTo(line(after, "      access:") + 1);
    }

    @Test
    void aCallerFromAnotherTrustDomainThatBecomesAdmittedIsNamed() throws Exception {
        String before = example("istio-federation");
        String after = before.replace(
                "            - {cluster: spb, namespace: billing}\n",
                "            - {cluster: spb, namespace: billing}\n            - {cluster: ams, namespace: billing}\n");
        Transition t = transitions(before, after, "DKPM832").get(0);
        assertThat(t.finding().message()).contains("admits ams/billing").contains("msk/shop/payments");
        assertThat(t.finding().line()).isEqualTo(line(after, "      access:") + 1);
    }

    @Test
    void aMemberThatLeavesWhileCallersStillReachItIsNamed() throws Exception {
        String before = example("istio-federation");
        String after = before.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]")
                .replace("        - {cluster: ams, namespace: shipping, service: tracking}\n", "");
        Transition t = transitions(before, after, "DKPM841").get(0);
        assertThat(t.finding().line()).isEqualTo(line(after, "clusters: [msk, spb]"));
        assertThat(t.finding().message())
                .contains("'ams' leaves the mesh while it exports shipping/tracking to msk, spb");
        assertThat(t.steps())
                .extracting(ChangePlan.Step::text)
                .last()
                .asString()
                .startsWith("Then remove ams from the mesh");
    }

    /** DKP exports a Service by the label federation.istio.deckhouse.io/public-service (DOMAIN.md §1). */
    @Test
    void anExportRemovedFromAMemberThatStays() throws Exception {
        String before = example("istio-federation");
        String after = before.replace("        - {cluster: spb, namespace: shop, service: catalog}\n", "");
        Transition t = only(before, after, "DKPM842");
        // at the mesh's list of exports
        assertThat(t.finding().line()).isEqualTo(line(after, "      exports:") + 1);
        assertThat(t.finding().message()).contains("'spb' stops exporting shop/catalog to ams, msk");
    }

    @Test
    void aCiliumExportRemovedFromAMemberThatStays() throws Exception {
        String before = golden("cilium-federation-2-clusters");
        String after = before.replace(
                "        - {cluster: ams, namespace: shipping, service: tracking, ports: [{port: 80}]}\n", "");
        Transition t = only(before, after, "DKPM842");
        assertThat(t.finding().message()).contains("'ams' stops exporting shipping/tracking to msk");
        assertThat(t.steps()).extracting(ChangePlan.Step::clusters).containsExactly(List.of("msk"), List.of("ams"));
    }

    @Test
    void aMemberThatMovesToOtherPeers() throws Exception {
        String nsk = """
                    - name: nsk
                      edition: EE
                      region: ru-east
                      clusterDomain: nsk.local
                      publicDomain: k8s-nsk.example.com
                      podSubnetCIDR: 10.114.0.0/16
                      serviceSubnetCIDR: 10.225.0.0/16
                """;
        String east = """
                    - name: east
                      type: federation
                      provider: istio
                      clusters: [MEMBERS]
                """;
        String fourClusters = Topologies.FEDERATION.replace("  meshes:\n", nsk + "  meshes:\n") + east;
        String before = fourClusters
                .replace("[MEMBERS]", "[ams, nsk]")
                .replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]");
        String after = fourClusters
                .replace("[MEMBERS]", "[spb, nsk]")
                .replace("clusters: [msk, spb, ams]", "clusters: [msk, ams]");
        List<Transition> moved = transitions(before, after, "DKPM814");
        assertThat(moved)
                .extracting(t -> t.finding().message())
                .anySatisfy(m -> assertThat(m).contains("'spb' moves to other peers (msk -> nsk)"));
        assertThat(moved.get(0).steps())
                .extracting(ChangePlan.Step::text)
                .first()
                .asString()
                .contains("to the new mesh first");
        assertThat(moved)
                .filteredOn(t -> t.finding().message().contains("'spb'"))
                .singleElement()
                .extracting(t -> t.finding().line())
                .isEqualTo(line(after, "clusters: [spb, nsk]"));
    }

    /** fluxcd/helm-controller internal/reconcile: a HelmRelease upgrades the release in storage, or installs one. */
    @Test
    void aClusterThatStopsGettingCiliumValuesButStays() throws Exception {
        String withMsk = golden("gitops-flux")
                .replace(
                        "      apiServer: https://api.k8s-msk.example.com:6443\n",
                        "      apiServer: https://api.k8s-msk.example.com:6443\n      cilium:\n        id: 5\n"
                                + "        install: helm\n        apiserver: {address: clustermesh.k8s-msk.example.com, port: 2379}\n")
                .replace("clusters: [nsk, ekb]", "clusters: [nsk, ekb, msk]");
        String after = withMsk.replace("clusters: [nsk, ekb, msk]", "clusters: [nsk, ekb]");
        Transition t = only(withMsk, after, "DKPM802");
        assertThat(t.finding().message()).contains("'msk' stops getting Cilium ClusterMesh values");
        // at the cluster's cilium settings
        assertThat(t.finding().line()).isEqualTo(line(after, "        id: 5"));
        assertThat(plan(withMsk, after).transitions())
                .extracting(x -> x.finding().code())
                .doesNotContain("DKPM841");
    }

    /**
     * In a pull request the committed tree already holds the new state: against the tree on disk
     * nothing changes, against the target branch's tree (dkpmesh.baseline) validate and diff name the
     * transition.
     */
    @Test
    void inAPullRequestValidateAndDiffJudgeTheChangeAgainstTheTargetBranch() throws Exception {
        io.dkpmesh.core.testing.GitRepo git = io.dkpmesh.core.testing.GitRepo.init(repo);
        Path topology = repo.resolve("topology.yaml");
        Path out = repo.resolve("rendered");
        Files.writeString(topology, Topologies.FEDERATION);
        engine.render(RenderRequest.of(topology, out));
        git.commitAll("base");
        git.git("tag", "base");
        Files.writeString(
                topology, Topologies.FEDERATION.replace("clusterDomain: spb.local", "clusterDomain: spb2.local"));
        engine.render(RenderRequest.of(topology, out));
        git.commitAll("the pull request");

        RenderRequest onDisk = RenderRequest.of(topology, out);
        assertThat(engine.findings(onDisk)).extracting(Finding::code).doesNotContain("DKPM811");
        assertThat(engine.diff(onDisk).transitions()).isEmpty();

        RenderRequest againstBase = onDisk.withBaseline("base");
        assertThat(engine.findings(againstBase)).extracting(Finding::code).contains("DKPM811");
        // the access spb's callers seem to gain is the trust domain's change, named once by DKPM811
        assertThat(engine.diff(againstBase).transitionFindings())
                .extracting(Finding::code)
                .containsExactly("DKPM811");
    }

    @Test
    void anUnchangedTopologyAndAFirstRenderHaveNoTransitions() throws Exception {
        assertThat(plan(Topologies.FEDERATION, Topologies.FEDERATION).transitions())
                .isEmpty();
        Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        assertThat(engine.diff(RenderRequest.of(repo.resolve("topology.yaml"), repo.resolve("new")))
                        .transitions())
                .isEmpty();
    }

    @Test
    void transitionsAreInValidatesFindingsAndThePlanWithHelpForEachCode() throws Exception {
        String after = Topologies.FEDERATION.replace("clusterDomain: spb.local", "clusterDomain: spb2.local");
        ChangePlan plan = plan(Topologies.FEDERATION, after);
        List<Finding> validate =
                engine.findings(RenderRequest.of(repo.resolve("topology.yaml"), repo.resolve("rendered")));
        assertThat(validate).containsAll(plan.transitionFindings());
        Reports.writePlan(plan, repo.resolve("report"), "topology.yaml");
        String md = Files.readString(repo.resolve("report/plan.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("### Transitions").contains("**DKPM811**").contains("  1. Change the cluster");
        String json = Files.readString(repo.resolve("report/plan.json"), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"code\": \"DKPM811\"")
                .contains("\"steps\": [")
                .contains("\"clusters\": [");
        assertThat(md).contains("and to spb (clusters: ams, msk, spb)");
        for (io.dkpmesh.core.api.FindingCode code : io.dkpmesh.core.api.FindingCode.values()) {
            if (code.code().startsWith("DKPM8")) {
                assertThat(FindingHelp.of(code).meaning()).as(code.code()).isNotBlank();
                assertThat(Files.readString(Path.of("../docs/transitions.md")))
                        .as(code.code())
                        .contains(code.code());
            }
        }
    }

    /** The objects a plan adds or removes, as {@code cluster action path}. */
    private static List<String> peerObjects(ChangePlan plan) {
        return plan.clusters().stream()
                .flatMap(c -> c.changes().stream()
                        .filter(o -> o.kind().equals("IstioFederation"))
                        .map(o -> c.cluster() + " " + o.action() + " " + o.name()))
                .sorted()
                .toList();
    }

    /**
     * A spoke made a hub peers with the other spokes: each side gains an IstioFederation for the
     * other, and nothing else of the peers changes.
     */
    @Test
    void aSpokeBecomingAHubRendersItsNewPeers() throws Exception {
        String before = Files.readString(Path.of("../examples/hub-and-spoke/topology.yaml"));
        String after = before.replace("hubs: [hub-msk, hub-spb]", "hubs: [hub-msk, hub-spb, store-kzn]");
        assertThat(peerObjects(plan(before, after)))
                .containsExactly(
                        "store-ekb ADDED store-kzn",
                        "store-kzn ADDED store-ekb",
                        "store-kzn ADDED store-nsk",
                        "store-nsk ADDED store-kzn");
    }

    /** A hub made a spoke loses its spoke peers as a removed member does: the same removal rules apply. */
    @Test
    void aHubBecomingASpokeRemovesItsSpokePeers() throws Exception {
        String before = Files.readString(Path.of("../examples/hub-and-spoke/topology.yaml"));
        String after = before.replace("hubs: [hub-msk, hub-spb]", "hubs: [hub-msk]");
        assertThat(peerObjects(plan(before, after)))
                .containsExactly(
                        "hub-spb REMOVED store-ekb",
                        "hub-spb REMOVED store-kzn",
                        "hub-spb REMOVED store-nsk",
                        "store-ekb REMOVED hub-spb",
                        "store-kzn REMOVED hub-spb",
                        "store-nsk REMOVED hub-spb");
    }

    private Transition only(String before, String after, String code) throws Exception {
        List<Transition> found = transitions(before, after, code);
        assertThat(found).as(code).hasSize(1);
        return found.get(0);
    }

    private List<Transition> transitions(String before, String after, String code) throws Exception {
        ChangePlan plan = plan(before, after);
        List<Transition> found = plan.transitions().stream()
                .filter(t -> t.finding().code().equals(code))
                .toList();
        assertThat(found).as("transitions %s", code).isNotEmpty();
        found.forEach(t -> assertThat(t.finding().file())
                .isEqualTo(repo.resolve("topology.yaml").toString()));
        return found;
    }

    private ChangePlan plan(String before, String after) throws Exception {
        Path topology = repo.resolve("topology.yaml");
        Path out = repo.resolve("rendered");
        Files.writeString(topology, before);
        engine.render(RenderRequest.of(topology, out));
        Files.writeString(topology, after);
        return engine.diff(RenderRequest.of(topology, out));
    }

    private static int line(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " is not in the topology");
    }
}
