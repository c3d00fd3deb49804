package io.dkpmesh.core.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.RenderRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written fleets, in forms dkp-mesh does not render itself ({@code src/test/resources/import/<case>/}:
 * {@code fleet/<cluster>/**}, an optional {@code clusters.yaml}, and {@code expected/topology.yaml} and
 * {@code expected/report.md}). {@code -Ddkpmesh.updateImport=true} rewrites the expected files (refused
 * on CI): review the diff before committing it.
 */
class FleetImportTest {

    static final Path ROOT = Path.of("src", "test", "resources", "import");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(dir -> Files.isDirectory(dir.resolve("fleet"))).sorted().toList().stream();
        }
    }

    static ImportResult importCase(Path dir, Path out) {
        Path clusters = dir.resolve("clusters.yaml");
        return new DkpMesh(EngineLog.SILENT)
                .importFleet(new ImportRequest(
                        dir.resolve("fleet"),
                        Files.isRegularFile(clusters) ? Optional.of(clusters) : Optional.empty(),
                        out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsTheExpectedTopologyAndReport(Path dir, @TempDir Path out) throws Exception {
        ImportResult result = importCase(dir, out);
        assertThat(result.hasErrors()).as("%s", result.findings()).isFalse();
        for (String file : List.of("topology.yaml", "report.md")) {
            Path expected = dir.resolve("expected").resolve(file);
            if (Boolean.getBoolean("dkpmesh.updateImport")) {
                assertThat(System.getenv("CI")).isNotEqualToIgnoringCase("true");
                Files.createDirectories(expected.getParent());
                Files.writeString(expected, Files.readString(out.resolve(file)));
            }
            assertThat(Files.readString(out.resolve(file)))
                    .as("%s (run with -Ddkpmesh.updateImport=true once, then review)", expected)
                    .isEqualTo(Files.readString(expected));
        }
        // what the import proposes is a topology dkp-mesh renders
        List<Finding> findings = new DkpMesh(EngineLog.SILENT)
                .validate(RenderRequest.of(out.resolve("topology.yaml"), out.resolve("rendered")));
        assertThat(findings.stream().filter(Finding::isError))
                .as("%s", findings)
                .isEmpty();
    }

    @Test
    void aOneSidedPairIsAFindingNeverAGuess(@TempDir Path out) throws Exception {
        ImportResult result = importCase(ROOT.resolve("one-sided"), out);
        assertThat(result.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("DKPM014");
            assertThat(f.file()).isEqualTo("c/federation.yaml");
            assertThat(f.line()).isEqualTo(2);
        });
        String topology = Files.readString(out.resolve("topology.yaml"));
        assertThat(topology).contains("\"clusters\": [\"a\", \"b\"]").doesNotContain("[\"a\", \"b\", \"c\"]");
        assertThat(Files.readString(out.resolve("report.md")))
                .containsPattern(
                        "\\| c \\| IstioFederation a \\| c/federation\\.yaml:2 \\| not expressible, kept out \\| one-sided pair");
    }

    @Test
    void keyMaterialIsRefusedAndNeverCopied(@TempDir Path out) throws Exception {
        ImportResult result = importCase(ROOT.resolve("key-material"), out);
        assertThat(result.findings().stream().filter(f -> f.code().equals("DKPM013")))
                .extracting(Finding::file)
                .containsExactlyInAnyOrder("msk/cilium.yaml", "spb/cilium.yaml");
        for (String content : result.files().values()) {
            assertThat(content)
                    .doesNotContain("LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t")
                    .doesNotContain("MHcCAQEEIBgHOsyoUfqSqltN17njhgYtZkq0Ad3Wq7o7Y9m2hG0BoAoGCCqGSM49")
                    .doesNotContain("BEGIN EC PRIVATE KEY");
        }
        assertThat(result.files().get("report.md"))
                .contains("| msk | Secret kube-system/cilium-ca | msk/cilium.yaml:")
                .contains("refused: key material");
    }

    @Test
    void kubectlListItemsAreReadOneByOne(@TempDir Path out) throws Exception {
        ImportResult result = importCase(ROOT.resolve("kubectl-list"), out);
        String report = result.files().get("report.md");
        assertThat(report)
                .contains("| msk | IstioFederation to-spb | msk/istio.yaml:")
                .contains("| msk | ServiceEntry d8-istio/catalog-shop-spb | msk/istio.yaml:")
                .contains("generated by DKP, left out")
                .doesNotContain("| List ");
        // the rename of a live object is stated, with what the GitOps tool does with the old one
        assertThat(report).contains("## Renamed by the first render").contains("to-spb");
        assertThat(result.findings()).anySatisfy(f -> assertThat(f.code()).isEqualTo("DKPM017"));
    }

    @Test
    void objectsTheTopologyCannotExpressAreListedWithReasonAndField(@TempDir Path out) throws Exception {
        ImportResult result = importCase(ROOT.resolve("mixed-policies"), out);
        String report = result.files().get("report.md");
        assertThat(report)
                .containsPattern(
                        "AuthorizationPolicy shop/deny-admin .* not expressible, kept out \\| .*/spec/rules/0/to")
                .containsPattern(
                        "DestinationRule shop/payments .* not expressible, kept out \\| .*/spec/trafficPolicy/tls/mode")
                .containsPattern("Gateway shop/public .* not expressible, kept out \\| .*/kind");
        assertThat(result.findings().stream().filter(f -> f.code().equals("DKPM016")))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.line()).isPositive());
    }

    @Test
    void kindsARenderWritesButNoFieldMapsBackAreGeneratedByDkpMeshNotUnexpressible(@TempDir Path work)
            throws Exception {
        // what another version of dkp-mesh might render: recognised by the header every rendered file
        // starts with, not by its shape
        Path fleet = work.resolve("fleet/main");
        Files.createDirectories(fleet);
        String header = "# Rendered by dkp-mesh from topology \"shop\" (topology.yaml). Do not edit:\n"
                + "# change the topology and render again with dkp-mesh.\n";
        Files.writeString(
                fleet.resolve("sidecar.yaml"),
                header
                        + "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: shop}\n"
                        + "spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}\n");
        Files.writeString(
                fleet.resolve("deny.yaml"),
                header + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                        + "metadata: {name: dkp-mesh-boundary, namespace: shop}\nspec: {action: DENY, rules: [{}]}\n");
        Files.writeString(
                work.resolve("fleet/main/hand.yaml"),
                "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: mine, namespace: shop}\nspec: {}\n");
        ImportResult result = new DkpMesh(EngineLog.SILENT)
                .importFleet(new ImportRequest(work.resolve("fleet"), Optional.empty(), work.resolve("out")));
        String report = result.files().get("report.md");
        assertThat(report)
                .containsPattern("Sidecar shop/default \\| main/sidecar\\.yaml:3 \\| generated by dkp-mesh, left out")
                .containsPattern(
                        "AuthorizationPolicy shop/dkp-mesh-boundary \\| main/deny\\.yaml:3 \\| generated by dkp-mesh, left out")
                .containsPattern("Sidecar shop/mine \\| main/hand\\.yaml:1 \\| not expressible, kept out");
        assertThat(result.findings().stream().filter(f -> f.code().equals("DKPM016")))
                .extracting(Finding::file)
                .containsExactly("main/hand.yaml");
    }
}
