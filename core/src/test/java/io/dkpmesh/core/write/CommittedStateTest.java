package io.dkpmesh.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The render state ({@code target/dkp-mesh}) vouches for the tree only in the checkout that wrote
 * it. A pull request that commits a tampered file together with a state claiming that file's
 * sha256 would otherwise make {@code check} take the no-op path and pass; a state names its output
 * directory by file key, which a clone cannot reproduce, so there it counts as none and {@code check}
 * compares in full.
 */
class CommittedStateTest {

    @TempDir
    Path repo;

    @Test
    void aStateCommittedWithATamperedTreeDoesNotVouchForItInAClone() throws Exception {
        Path topology = Files.writeString(repo.resolve("topology.yaml"), Topologies.FEDERATION);
        Path out = repo.resolve("rendered");
        Path state = repo.resolve("target/dkp-mesh");
        RenderRequest request = RenderRequest.of(topology, out).withStateDirectory(state);
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        engine.render(request);

        // the attacker's commit: a peer's endpoint redirected, and a state that records the new bytes
        String tampered = "clusters/msk/mesh/istiofederation-spb.yaml";
        Path file = out.resolve(tampered);
        Files.writeString(file, Files.readString(file).replace("k8s-spb.example.com", "attacker.example.net"));
        RenderState real = RenderState.read(state, out).orElseThrow();
        List<RenderState.Owned> owned = new ArrayList<>();
        for (RenderState.Owned entry : real.owned()) {
            owned.add(
                    entry.path().equals(tampered)
                            ? new RenderState.Owned(
                                    tampered, Manifest.sha256(Files.readAllBytes(file)), Optional.empty())
                            : entry);
        }
        new RenderState(
                        real.outputDirectory(),
                        real.fingerprint(),
                        real.named(),
                        real.manifest(),
                        real.files(),
                        real.renderedFiles(),
                        real.clusters(),
                        real.warnings(),
                        owned)
                .write(state);
        // in the folder it was made for, such a state is believed: the control that the attack is real
        assertThat(engine.check(request)).isPositive();

        // the victim's clone: same paths, new folders
        Path cloned = repo.resolveSibling(repo.getFileName() + "-moved");
        Files.move(repo, cloned);
        Trees.copy(cloned, repo);

        FindingsException stale = catchThrowableOfType(() -> engine.check(request), FindingsException.class);
        assertThat(stale).as("check in the clone").isNotNull();
        assertThat(stale.findings()).extracting(Finding::file).containsExactly(out + "/" + tampered);
        TreeWriter.deleteTree(cloned);
    }
}
