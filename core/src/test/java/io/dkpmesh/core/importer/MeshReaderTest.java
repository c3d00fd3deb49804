package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import asks its readers at fixed stages, in the registry's order, one object at a time, and
 * what a reader gave a row is no longer open to the stages after it.
 */
class MeshReaderTest {

    /** Records every question, as {@code <reader> <what>}. */
    private static final class Recording implements MeshReader {
        private final String name;
        private final List<String> calls;

        Recording(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void read(Stage stage, FleetObject o, Context fleet) {
            calls.add(name + " " + stage + " " + o.name());
            if (name.equals("first") && stage == Stage.PEERS && o.name().equals("one")) {
                fleet.row(o, Outcome.MAPPED, "read by first");
            }
        }

        @Override
        public void finish(Stage stage, Context fleet) {
            calls.add(name + " finish " + stage);
        }

        @Override
        public void meshes(Context fleet, List<MeshDraft> found) {
            calls.add(name + " meshes");
            if (name.equals("second")) {
                found.add(new MeshDraft("single", "istio", List.of("x")));
            }
        }

        @Override
        public Optional<String> meshName(Context fleet, MeshDraft mesh) {
            calls.add(name + " meshName");
            return name.equals("second") ? Optional.of("named-by-second") : Optional.empty();
        }

        @Override
        public void named(Context fleet) {
            calls.add(name + " named " + fleet.meshes().get(0).name);
        }

        @Override
        public Optional<String> edition(Context fleet, String cluster) {
            calls.add(name + " edition " + cluster);
            return name.equals("first") ? Optional.empty() : Optional.of("EE");
        }

        @Override
        public void cluster(Context fleet, String cluster, Map<String, Object> out, Map<String, String> certificates) {
            calls.add(name + " cluster " + cluster);
        }
    }

    private static Path fleet(Path dir) throws IOException {
        Path x = Files.createDirectories(dir.resolve("fleet/x"));
        Files.writeString(
                x.resolve("objects.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\n"
                        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n");
        return dir.resolve("fleet");
    }

    @Test
    void readersAreAskedStageByStageObjectByObjectInTheRegistrysOrder(@TempDir Path dir) throws IOException {
        List<String> calls = new ArrayList<>();
        ImportResult result = FleetImport.run(
                new ImportRequest(fleet(dir), Optional.empty(), dir.resolve("out")),
                List.of(new Recording("first", calls), new Recording("second", calls)));

        assertThat(calls)
                .containsSubsequence(
                        "first PEERS one",
                        "second PEERS one",
                        "first PEERS two",
                        "second PEERS two",
                        "first finish PEERS",
                        "second finish PEERS",
                        "first meshes",
                        "second meshes",
                        "first meshName",
                        "second meshName",
                        "first named named-by-second",
                        "second named named-by-second",
                        "first MODULE_SETTINGS two",
                        "second MODULE_SETTINGS two",
                        "first finish MODULE_SETTINGS")
                .containsSubsequence(List.of(MeshReader.Stage.values()).stream()
                        .map(stage -> "second finish " + stage)
                        .toList())
                .containsSubsequence("first edition x", "second edition x", "first cluster x", "second cluster x");
        // what the first reader mapped at PEERS no later stage offers
        assertThat(calls).filteredOn(call -> call.endsWith(" one")).hasSize(2);
        assertThat(result.files().get("report.md"))
                .contains("ConfigMap one | x/objects.yaml:1 | mapped | read by first")
                .contains("ConfigMap two | x/objects.yaml:5 | not expressible");
        assertThat(result.files().get("topology.yaml"))
                .contains("\"name\": \"named-by-second\"")
                .contains("# PLACEHOLDER \"/spec/clusters/0/edition: EE\"");
    }

    @Test
    void withoutReadersNothingIsAMesh(@TempDir Path dir) throws IOException {
        ImportResult result =
                FleetImport.run(new ImportRequest(fleet(dir), Optional.empty(), dir.resolve("out")), List.of());

        assertThat(result.files().get("topology.yaml"))
                .doesNotContain("meshes")
                .contains("# PLACEHOLDER \"/spec/clusters/0/edition: CE\"");
    }
}
