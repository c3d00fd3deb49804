package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.ChangePlan.Action;
import io.dkpmesh.core.api.ChangePlan.ObjectChange;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.GitRepo;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request's branch already holds the new tree: diff against the target branch's commit
 * lists the change that the tree on disk no longer shows.
 */
class GitBaselineDiffTest {

    @TempDir
    Path dir;

    Path topology;
    Path out;
    GitRepo repo;
    String base;
    RenderRequest request;
    DkpMesh engine = new DkpMesh(EngineLog.SILENT);

    @BeforeEach
    void aBranchThatRemovesAClusterFromTheFederation() throws Exception {
        topology = dir.resolve("topology.yaml");
        out = dir.resolve("rendered");
        // a state directory, as the plugin has: its proof of an unchanged tree must not hide the change
        request = RenderRequest.of(topology, out).withStateDirectory(dir.resolve("target/dkp-mesh"));
        Files.writeString(dir.resolve(".gitignore"), "target/\n");
        Files.writeString(topology, Topologies.FEDERATION);
        engine.render(request);
        repo = GitRepo.init(dir);
        base = repo.commitAll("three clusters");
        repo.git("checkout", "-q", "-b", "drop-ams");
        Files.writeString(topology, Topologies.FEDERATION.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb]"));
        engine.render(request);
        repo.commitAll("ams leaves the federation");
    }

    @Test
    void diffAgainstTheTargetCommitListsTheChangeTheTreeOnDiskAlreadyHolds() throws Exception {
        SortedMap<String, String> before = Trees.texts(out);

        assertThat(engine.diff(request).clusters()).isEmpty();
        for (String ref : new String[] {base, "main", "drop-ams~1"}) {
            ChangePlan plan = engine.diff(request.withBaseline(ref));

            assertThat(plan.count(Action.REMOVED)).as(ref).isEqualTo(9); // ams's tree, its gateway boundary included
            assertThat(plan.count(Action.ADDED)).as(ref).isZero();
            assertThat(plan.clusters())
                    .extracting(ChangePlan.ClusterChanges::cluster)
                    .containsExactly("(fleet)", "ams", "msk", "spb");
            assertThat(plan.clusters().get(2).changes())
                    .contains(new ObjectChange(
                            Action.REMOVED,
                            "IstioFederation",
                            "ams",
                            "",
                            "clusters/msk/mesh/istiofederation-ams.yaml"));
        }
        assertThat(Trees.texts(out)).isEqualTo(before);
    }

    @Test
    void theAccessChangesAreJudgedAgainstTheBaselineToo() throws Exception {
        Files.writeString(topology, Files.readString(topology) + """
                      access:
                        - {namespace: shop, service: catalog, from: [{cluster: spb, namespace: checkout}]}
                """);
        engine.render(request);
        repo.commitAll("catalog admits spb/checkout only");

        assertThat(engine.diff(request).access()).isEmpty();
        assertThat(engine.diff(request.withBaseline("drop-ams~1")).access())
                .contains(new ChangePlan.AccessChange(
                        true, "spb/checkout -> msk/shop/catalog (authorizationpolicy-shop.catalog)"));
    }

    @Test
    void aBaselineBeforeTheFirstRenderHasEverythingToAdd() throws Exception {
        repo.git("checkout", "-q", "--orphan", "empty");
        repo.git("rm", "-r", "-q", "--cached", ".");
        repo.git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "nothing yet");
        repo.git("checkout", "-q", "-f", "drop-ams");

        ChangePlan plan = engine.diff(request.withBaseline("empty"));

        assertThat(plan.count(Action.ADDED)).isPositive();
        assertThat(plan.count(Action.CHANGED) + plan.count(Action.REMOVED)).isZero();
    }

    @Test
    void aRefThatDoesNotExistIsOneFinding() {
        assertThatThrownBy(() -> engine.diff(request.withBaseline("origin/main")))
                .isInstanceOfSatisfying(
                        FindingsException.class,
                        e -> assertThat(e.findings()).singleElement().satisfies(finding -> {
                            assertThat(finding.code()).isEqualTo("DKPM906");
                            assertThat(finding.format())
                                    .contains("the Git ref 'origin/main' names no commit")
                                    .doesNotContain("mvn", "dkpmesh.");
                        }));
    }

    @Test
    void withoutAStateDirectoryTheBaselineIsATemporaryFolderDeletedAfterwards() throws Exception {
        RenderRequest stateless = RenderRequest.of(topology, out).withBaseline(base);

        Path tree = engine.baselineDirectory(stateless);
        assertThat(tree.resolve(".dkp-mesh/manifest.json")).isRegularFile();
        DkpMesh.discardBaseline(stateless, tree);

        assertThat(tree).doesNotExist();
        assertThat(engine.diff(stateless).count(Action.REMOVED)).isEqualTo(9);
        assertThat(engine.baselineDirectory(RenderRequest.of(topology, out))).isEqualTo(out);
    }
}
