package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.GoldenCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import is the render's inverse on everything dkp-mesh renders: for every golden case and
 * example T, render(T), import its cluster trees (and each cluster's delivery objects, as a GitOps
 * repository holds them) with T as the clusters file, and render the result T': the two trees are
 * byte-identical and so are their access matrices.
 */
class ImportRoundTripTest {

    static Stream<Path> topologies() throws IOException {
        List<Path> all = new ArrayList<>(GoldenCases.all());
        try (Stream<Path> dirs = Files.list(Path.of("..", "examples"))) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve("topology.yaml")))
                    .sorted()
                    .forEach(all::add);
        }
        // shapes no golden holds (src/test/resources/import-roundtrip/*/topology.yaml)
        try (Stream<Path> dirs = Files.list(Path.of("src", "test", "resources", "import-roundtrip"))) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve("topology.yaml")))
                    .sorted()
                    .forEach(all::add);
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void renderOfImportIsTheSameTree(Path topology, @TempDir Path work) throws Exception {
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        Path original = work.resolve("rendered");
        RenderRequest first = RenderRequest.of(topology.resolve("topology.yaml"), original);
        engine.render(first);

        Path fleet = work.resolve("fleet");
        fleetOf(original, fleet);
        Path imported = work.resolve("import");
        ImportResult result = engine.importFleet(
                new ImportRequest(fleet, java.util.Optional.of(topology.resolve("topology.yaml")), imported));
        assertThat(result.hasErrors()).as("%s", result.findings()).isFalse();
        String report = Files.readString(imported.resolve("report.md"));
        assertThat(report).doesNotContain("not expressible").doesNotContain("refused");

        Path again = work.resolve("again");
        RenderRequest second = RenderRequest.of(imported.resolve("topology.yaml"), again);
        engine.render(second);
        SortedMap<String, byte[]> expected = GoldenCases.files(original);
        SortedMap<String, byte[]> actual = GoldenCases.files(again);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            if (!new String(file.getValue(), StandardCharsets.UTF_8)
                    .equals(new String(actual.get(file.getKey()), StandardCharsets.UTF_8))) {
                differing.add(file.getKey());
            }
        }
        assertThat(differing)
                .as(
                        "files that differ after the round trip; imported topology:%n%s",
                        Files.readString(imported.resolve("topology.yaml")))
                .isEmpty();
        assertThat(engine.access(second)).isEqualTo(engine.access(first));
    }

    /**
     * A live fleet has no file headers: the Istio federation's gateway boundary (a DENY policy, which no
     * access rule renders) is still known as dkp-mesh's, never reported as not expressible.
     */
    @org.junit.jupiter.api.Test
    void theGatewayBoundaryWithoutHeaderIsDkpMeshs(@TempDir Path work) throws Exception {
        DkpMesh engine = new DkpMesh(EngineLog.SILENT);
        Path topology = GoldenCases.all().stream()
                .filter(p -> p.getFileName().toString().equals("istio-federation-3-clusters"))
                .findFirst()
                .orElseThrow()
                .resolve("topology.yaml");
        Path original = work.resolve("rendered");
        engine.render(RenderRequest.of(topology, original));
        Path fleet = work.resolve("fleet");
        fleetOf(original, fleet);
        Path boundary = fleet.resolve("msk/mesh/authorizationpolicy-d8-istio.federation-boundary.yaml");
        String live = Files.readString(boundary).replaceAll("(?m)^#.*\\n", "");
        assertThat(live).startsWith("apiVersion:");
        Files.writeString(boundary, live);
        ImportResult result =
                engine.importFleet(new ImportRequest(fleet, java.util.Optional.of(topology), work.resolve("import")));
        assertThat(result.findings()).noneSatisfy(f -> assertThat(f.code()).isEqualTo("DKPM016"));
        assertThat(Files.readString(work.resolve("import/report.md")))
                .contains("the federation boundary of the ingress gateway");
    }

    /**
     * A fleet as a GitOps repository holds it: each cluster's tree, plus the delivery objects that
     * concern that cluster (the Flux folder of it, its Argo CD Cilium Application).
     */
    static void fleetOf(Path rendered, Path fleet) throws IOException {
        for (Path cluster : GoldenCases.clusterTrees(rendered)) {
            String name = cluster.getFileName().toString();
            copy(cluster, fleet.resolve(name));
            copy(
                    rendered.resolve("gitops/flux").resolve(name),
                    fleet.resolve(name).resolve("delivery"));
            Path application = rendered.resolve("gitops/argocd/application-cilium-" + name + ".yaml");
            if (Files.isRegularFile(application)) {
                Files.createDirectories(fleet.resolve(name).resolve("delivery"));
                Files.copy(application, fleet.resolve(name).resolve("delivery/application-cilium.yaml"));
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
