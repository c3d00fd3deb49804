package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessReport;
import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.write.RenderState;
import io.dkpmesh.core.write.Stamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render whose inputs and tree did not change since the last render proves it from the recorded
 * input fingerprint and the sha256 of the owned files, without validating or rendering again; any
 * changed input, and any hand edit of the tree, takes the full path, which repairs the tree. The
 * no-op reports what the full path would: the same warnings, file counts, check and diff results.
 */
class NoOpRenderTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/istio-federation-3-clusters");
    private static final String SPB = "clusters/spb/mesh/istiofederation-msk.yaml";

    @TempDir
    Path dir;

    Path topology;
    Path out;
    Path ca;
    Path state;

    /** Collects the engine's debug lines: the no-op says so there. */
    static final class Recording implements EngineLog {
        final List<String> debug = new ArrayList<>();

        @Override
        public void debug(String message) {
            debug.add(message);
        }

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        boolean noOp() {
            return debug.stream().anyMatch(line -> line.startsWith("inputs and tree unchanged"));
        }

        /** The no-op's counts: files its stamps vouched for, and files it read; -1 without a no-op. */
        int count(String what) {
            return debug.stream()
                    .map(line -> Pattern.compile("(\\d+) " + what).matcher(line))
                    .filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .findFirst()
                    .orElse(-1);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        // the golden federation names a metadata CA file, and with Argo CD delivery it gets warnings (DKPM610)
        topology = dir.resolve("topology.yaml");
        Files.writeString(
                topology,
                Files.readString(GOLDEN.resolve("topology.yaml"))
                        .replaceFirst(
                                "\nspec:\n",
                                "\nspec:\n  gitops:\n    tool: argocd\n    repoURL: https://git.example.com/platform/mesh.git\n"
                                        + "    revision: main\n    path: rendered\n"));
        Files.createDirectories(dir.resolve("certs"));
        ca = dir.resolve("certs/msk-ingress-ca.pem");
        Files.copy(GOLDEN.resolve("certs/msk-ingress-ca.pem"), ca);
        out = dir.resolve("rendered");
        state = dir.resolve("target/dkp-mesh");
    }

    private RenderRequest request() {
        return RenderRequest.of(topology, out).withStateDirectory(state);
    }

    private Path stateFile() {
        return RenderState.file(state, out);
    }

    private static Result render(RenderRequest request) throws FindingsException {
        return render(request, Suggestions.NEUTRAL);
    }

    private static Result render(RenderRequest request, Suggestions suggestions) throws FindingsException {
        Recording log = new Recording();
        RenderSummary summary = new DkpMesh(log, suggestions).render(request);
        return new Result(
                summary, log.noOp(), log.count("files untouched by their stamps"), log.count("read and hashed"));
    }

    record Result(RenderSummary summary, boolean noOp, int stamped, int read) {}

    private Map<String, String> tree() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    @Test
    void anUnchangedReRenderIsANoOpThatReportsWhatTheFullRenderReported() throws Exception {
        Result first = render(request());
        assertThat(first.noOp()).isFalse();
        assertThat(first.summary().warnings())
                .as("the fixture has warnings, so the no-op must carry them")
                .extracting(Finding::code)
                .contains("DKPM610");
        Map<String, String> before = tree();

        Result second = render(request());
        assertThat(second.noOp()).isTrue();
        assertThat(second.summary()).isEqualTo(nothingWritten(first.summary()));
        assertThat(tree()).isEqualTo(before);

        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        assertThat(engine.check(request()))
                .isEqualTo(engine.renderInMemory(request()).files().size());
        assertThat(engine.diff(request())).isEqualTo(new ChangePlan(List.of(), List.of()));
        assertThat(engine.findings(request())).isEqualTo(first.summary().warnings());
    }

    @Test
    void theStateLivesInTheStateDirectoryNotInTheTree() throws Exception {
        render(request());
        Map<String, String> tree = tree();
        assertThat(stateFile()).exists().startsWith(state);
        // in the tree's own state folder only the manifest, the lock, and the file that keeps the lock out of Git
        assertThat(tree.keySet())
                .allMatch(path -> !path.startsWith(".dkp-mesh/")
                        || path.equals(Layout.MANIFEST)
                        || path.equals(Layout.STATE_GITIGNORE)
                        || path.equals(Layout.LOCK));
        // without a state directory nothing is recorded and every run renders in full
        assertThat(render(RenderRequest.of(topology, out)).noOp()).isFalse();
        assertThat(render(RenderRequest.of(topology, out)).noOp()).isFalse();
        // without the state, the full path runs and reaches the same verdicts
        Files.delete(stateFile());
        Result again = render(request());
        assertThat(again.noOp()).isFalse();
        assertThat(again.summary().written()).isZero();
        assertThat(render(request()).noOp()).isTrue();
        assertThat(tree()).isEqualTo(tree);
        // another output directory has a state of its own
        RenderRequest elsewhere =
                RenderRequest.of(topology, dir.resolve("elsewhere")).withStateDirectory(state);
        assertThat(render(elsewhere).noOp()).isFalse();
        assertThat(render(elsewhere).noOp()).isTrue();
        assertThat(render(request()).noOp()).isTrue();
    }

    @Test
    void aChangedTopologyTakesTheFullPath() throws Exception {
        render(request());
        Files.writeString(topology, Files.readString(topology) + "# a comment changes no object, but the bytes\n");
        assertThat(render(request()).noOp()).isFalse();
        assertThat(render(request()).noOp()).isTrue();
        Files.writeString(topology, Files.readString(topology).replace("k8s-spb.example.com", "k8s-spb2.example.com"));
        Result changed = render(request());
        assertThat(changed.noOp()).isFalse();
        assertThat(changed.summary().written()).isPositive();
        assertThat(Files.readString(out.resolve("clusters/msk/mesh/istiofederation-spb.yaml")))
                .contains("k8s-spb2.example.com");
    }

    @Test
    void aChangedMetadataCaFileTakesTheFullPath() throws Exception {
        render(request());
        // the same certificate with other line breaks: the bytes differ, the normalized PEM does not
        Files.writeString(ca, Files.readString(ca) + "\n");
        assertThat(render(request()).noOp()).isFalse();
        assertThat(render(request()).noOp()).isTrue();
        // a file the topology names that is no certificate any more: the full path refuses it
        Files.writeString(ca, "not a certificate\n");
        assertThatThrownBy(() -> render(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("DKPM206");
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).check(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("DKPM206");
    }

    @Test
    void aNewlyNamedFileIsCoveredFromTheRenderThatNamesIt() throws Exception {
        String withoutCa = Files.readString(topology).replaceAll("\n *metadataCA: [^\n]*", "");
        String withCa = Files.readString(topology);
        Files.writeString(topology, withoutCa);
        render(request());
        assertThat(RenderState.read(state, out).orElseThrow().named()).isEmpty();
        Files.writeString(topology, withCa);
        assertThat(render(request()).noOp()).isFalse();
        assertThat(RenderState.read(state, out).orElseThrow().named()).containsExactly("certs/msk-ingress-ca.pem");
        Files.writeString(ca, Files.readString(ca) + "\n");
        assertThat(render(request()).noOp()).isFalse();
    }

    @Test
    void changedUserTemplatesTakeTheFullPath() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        RenderRequest request = new RenderRequest(topology, out, Optional.of(templates), Set.of(), Optional.of(state));
        render(request);
        assertThat(render(request).noOp()).isTrue();
        // a file no template uses: the folder's contents changed all the same
        Files.writeString(templates.resolve("notes.txt"), "unused\n");
        assertThat(render(request).noOp()).isFalse();
        assertThat(render(request).noOp()).isTrue();
        String builtIn = Files.readString(Path.of("..", "templates", "istiofederation.yaml.ftl"));
        Files.writeString(templates.resolve("istiofederation.yaml.ftl"), "# overridden\n" + builtIn);
        Result overridden = render(request);
        assertThat(overridden.noOp()).isFalse();
        assertThat(Files.readString(out.resolve(SPB))).contains("# overridden");
        // the same templates, by request, gone: back to the built-in ones
        assertThat(render(request()).noOp()).isFalse();
        assertThat(Files.readString(out.resolve(SPB))).doesNotContain("# overridden");
    }

    @Test
    void theClusterFilterAndThePhrasingArePartOfTheInputs() throws Exception {
        render(request());
        RenderRequest msk = new RenderRequest(topology, out, Optional.empty(), Set.of("msk"), Optional.of(state));
        Result filtered = render(msk);
        assertThat(filtered.noOp()).isFalse();
        assertThat(render(msk).noOp()).isTrue();
        assertThat(render(msk).summary()).isEqualTo(nothingWritten(filtered.summary()));
        assertThat(render(request()).noOp()).isFalse();
        Suggestions other = new Suggestions("run the other front end again", "set it elsewhere");
        assertThat(render(request(), other).noOp()).isFalse();
        assertThat(render(request(), other).noOp()).isTrue();
        assertThat(render(request()).noOp()).isFalse();
    }

    @Test
    void aHandEditIsFoundByCheckAndRepairedByRender() throws Exception {
        render(request());
        String rendered = Files.readString(out.resolve(SPB));
        Files.writeString(out.resolve(SPB), rendered.replace("spec:", "spec:\n  hand: edited"));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).check(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("DKPM902")
                .hasMessageContaining("was edited by hand since render wrote it");
        Result repair = render(request());
        assertThat(repair.noOp()).isFalse();
        assertThat(repair.summary().written()).isEqualTo(1);
        assertThat(Files.readString(out.resolve(SPB))).isEqualTo(rendered);
        assertThat(render(request()).noOp()).isTrue();
    }

    @Test
    void aDeletedFileOrALinkInItsPlaceIsFoundAndRepaired() throws Exception {
        render(request());
        String rendered = Files.readString(out.resolve(SPB));
        Files.delete(out.resolve(SPB));
        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT).check(request()))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("was deleted by hand since render wrote it");
        assertThat(render(request()).noOp()).isFalse();
        assertThat(Files.readString(out.resolve(SPB))).isEqualTo(rendered);

        // the same bytes behind a link: render never follows links, so the link must go
        Path copy = Files.writeString(dir.resolve("copy.yaml"), rendered);
        Files.delete(out.resolve(SPB));
        Files.createSymbolicLink(out.resolve(SPB), copy);
        assertThat(render(request()).noOp()).isFalse();
        assertThat(Files.isSymbolicLink(out.resolve(SPB))).isFalse();
        assertThat(Files.readString(out.resolve(SPB))).isEqualTo(rendered);
    }

    @Test
    void anEditedManifestOrStateOrAnInterruptedWriteTakesTheFullPath() throws Exception {
        render(request());
        Path manifest = out.resolve(Layout.MANIFEST);
        String recorded = Files.readString(manifest);
        // a file dropped from the manifest: the full path takes it back into the manifest
        Files.writeString(manifest, recorded.replaceFirst("\n    \"" + SPB + "\" : \"[0-9a-f]+\",", ""));
        assertThat(Files.readString(manifest)).isNotEqualTo(recorded);
        assertThat(render(request()).noOp()).isFalse();
        assertThat(Files.readString(manifest)).isEqualTo(recorded);

        Files.writeString(stateFile(), "{ damaged");
        assertThat(render(request()).noOp()).isFalse();
        assertThat(render(request()).noOp()).isTrue();

        Files.createDirectories(out.resolve(".dkp-mesh/tx"));
        assertThat(render(request()).noOp()).isFalse();
        assertThat(out.resolve(".dkp-mesh/tx")).doesNotExist();
    }

    @Test
    void aFileAddedBesideTheOwnedOnesIsLeftAloneAsByTheFullPath() throws Exception {
        render(request());
        Path added = out.resolve("clusters/spb/mesh/mine.yaml");
        Files.writeString(added, "kind: ConfigMap\n");
        assertThat(render(request()).noOp()).isTrue();
        assertThat(new DkpMesh(EngineLog.SILENT).check(request())).isPositive();
        Files.delete(stateFile());
        assertThat(render(request()).summary().written()).isZero();
        assertThat(Files.readString(added)).isEqualTo("kind: ConfigMap\n");
    }

    /**
     * A no-op stats the owned files and reads only those whose stamp is not the one recorded: the
     * first no-op after a render reads those the render wrote too close to its end to stamp, and
     * stamps them, so the next reads none. An edit that keeps the size is found by its
     * modification time; a file replaced by the same bytes with the same time (another inode) is
     * read once and stamped again.
     */
    @Test
    void aNoOpReadsOnlyTheFilesWhoseStampsChanged() throws Exception {
        assumeTrue(Stamp.supported(dir), "stamps need file keys");
        int owned = render(request()).summary().files() + 1; // and the manifest
        Thread.sleep(120); // past the margin of the file system's clock tick
        Result first = render(request());
        assertThat(first.noOp()).isTrue();
        assertThat(first.stamped() + first.read()).isEqualTo(owned);
        Result second = render(request());
        assertThat(second.noOp()).isTrue();
        assertThat(second.read()).as("every stamp settled and recorded").isZero();
        assertThat(second.stamped()).isEqualTo(owned);

        Path file = out.resolve(SPB);
        String rendered = Files.readString(file);
        Files.writeString(file, rendered.replace("kind:", "KIND:"));
        assertThat(Files.size(file)).isEqualTo(rendered.length());
        Result repair = render(request());
        assertThat(repair.noOp()).isFalse();
        assertThat(repair.summary().written()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(rendered);

        Thread.sleep(120);
        render(request());
        Path copy = dir.resolve("copy.yaml");
        Files.copy(file, copy);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(file));
        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(Files.getLastModifiedTime(file));
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        Result replaced = render(request());
        assertThat(replaced.noOp()).isTrue();
        assertThat(replaced.read()).as("the new inode is read once").isEqualTo(1);
        assertThat(render(request()).read()).isZero();
    }

    private static RenderSummary nothingWritten(RenderSummary summary) {
        return new RenderSummary(summary.files(), summary.clusters(), 0, 0, summary.warnings());
    }

    /**
     * The access goal on an unchanged tree does the matrix step only: no validation, rendering or
     * self-check, and the same matrix, page and JSON as a render in memory. A changed input takes
     * the full path again.
     */
    @Test
    void accessOfAnUnchangedTreeIsTheMatrixStepAloneAndTheSameMatrix() throws Exception {
        render(request());
        Recording log = new Recording();
        AccessMatrix fast = new DkpMesh(log).access(request());
        assertThat(log.debug).anyMatch(line -> line.startsWith("computed the access matrix of the unchanged tree"));
        assertThat(log.debug)
                .noneMatch(line -> line.startsWith("validated the topology") || line.startsWith("self-checked"));
        AccessMatrix full = new DkpMesh(EngineLog.SILENT)
                .renderInMemory(RenderRequest.of(topology, out))
                .access();
        assertThat(AccessReport.markdown(fast)).isEqualTo(AccessReport.markdown(full));
        assertThat(AccessReport.json(fast)).isEqualTo(AccessReport.json(full));

        Files.writeString(topology, Files.readString(topology) + "# a changed input\n");
        Recording changed = new Recording();
        new DkpMesh(changed).access(request());
        assertThat(changed.debug).anyMatch(line -> line.startsWith("validated the topology"));
    }
}
