package io.dkpmesh.core.write;

import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inputs of one request, fingerprinted before anything reads them for rendering: were one to
 * change while the render runs, the state recorded afterwards would not match it, and the next
 * run renders in full. The fingerprint covers the files the last render found the topology
 * naming; there is none without a state directory (every run then renders in full).
 */
public final class RenderInputs {

    private final RenderRequest request;
    private final String phrasing;
    private final Optional<RenderState> last;
    private final Optional<String> fingerprint;

    private RenderInputs(
            RenderRequest request, String phrasing, Optional<RenderState> last, Optional<String> fingerprint) {
        this.request = request;
        this.phrasing = phrasing;
        this.last = last;
        this.fingerprint = fingerprint;
    }

    /**
     * @param phrasing how the front end phrases fixes in findings: another phrasing, other findings
     */
    public static RenderInputs of(RenderRequest request, String phrasing) {
        Optional<RenderState> last =
                request.stateDirectory().flatMap(state -> RenderState.read(state, request.outputDirectory()));
        return new RenderInputs(
                request,
                phrasing,
                last,
                request.stateDirectory()
                        .flatMap(state -> InputFingerprint.of(request, request.topologyName(), phrasing, named(last))));
    }

    /** The files the last render found the topology naming: those its fingerprint covers. */
    private static List<String> named(Optional<RenderState> last) {
        return last.map(RenderState::named).orElse(List.of());
    }

    /**
     * The last render's state when nothing it depends on changed and its tree is intact on disk
     * (the fingerprint covers the engine's own code, so another engine's state never holds).
     */
    public Optional<RenderState.Unchanged> unchanged() {
        return fingerprint.flatMap(f -> last.flatMap(
                state -> state.unchanged(request.stateDirectory().orElseThrow(), request.outputDirectory(), f)));
    }

    /**
     * After a render of {@code topology} wrote its tree: the state the next run compares with.
     *
     * @param renderedFiles how many files the whole topology renders
     * @param written       what the write left: the owned files, the manifest and their stamps
     */
    public void record(Topology topology, RenderSummary summary, int renderedFiles, TreeWriter.Result written) {
        if (request.stateDirectory().isEmpty()) {
            return;
        }
        Path state = request.stateDirectory().get();
        List<String> now = topology.clusters().stream()
                .flatMap(cluster -> cluster.metadataCA().stream())
                .distinct()
                .sorted()
                .toList();
        Optional<String> recorded = fingerprint;
        List<String> named = named(last);
        if (!now.equals(named)) {
            // the topology names other files than last time: fingerprint those too, unless an
            // input changed while this render ran (then the next run renders in full)
            recorded = InputFingerprint.of(request, request.topologyName(), phrasing, named)
                            .equals(fingerprint)
                    ? InputFingerprint.of(request, request.topologyName(), phrasing, now)
                    : Optional.empty();
        }
        Path out = request.outputDirectory();
        if (recorded.isEmpty()) {
            RenderState.forget(state, out);
            return;
        }
        List<RenderState.Owned> owned =
                new ArrayList<>(written.changes().sha256().size());
        written.changes().sha256().forEach((path, sha256) -> owned.add(owned(path, sha256, written)));
        new RenderState(
                        RenderState.key(out),
                        recorded.get(),
                        now,
                        owned(Layout.MANIFEST, Manifest.sha256(written.changes().manifest()), written),
                        summary.files(),
                        renderedFiles,
                        summary.clusters(),
                        summary.warnings(),
                        owned)
                .write(state);
    }

    /**
     * An owned file with the sha256 the write recorded and its stamp; read back, the state counts
     * the stamp only if it settled before the state was written ({@link RenderState#toBytes}).
     */
    private static RenderState.Owned owned(String path, String sha256, TreeWriter.Result written) {
        return new RenderState.Owned(
                path, sha256, Optional.ofNullable(written.stamps().get(path)));
    }
}
