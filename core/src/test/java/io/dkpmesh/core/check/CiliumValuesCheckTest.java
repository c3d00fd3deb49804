package io.dkpmesh.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.render.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Helm values files have no apiVersion/kind: their place in the tree routes them to the values schema. */
class CiliumValuesCheckTest {

    private static final String PATH = "clusters/msk/cilium/clustermesh-values.yaml";
    private static final String VALID = """
            cluster:
              name: "msk"
              id: 1
            clustermesh:
              useAPIServer: true
              maxConnectedClusters: 255
              config:
                enabled: true
                clusters:
                  - name: "spb"
                    address: "clustermesh.k8s-spb.example.com"
                    port: 2379
            """;

    @Test
    void acceptsRenderedValues() {
        assertThat(check(PATH, VALID)).isEmpty();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("id above 255 without maxConnectedClusters 511", VALID.replace("id: 1", "id: 300"), 3),
                Arguments.of("cluster named default", VALID.replace("name: \"msk\"", "name: \"default\""), 2),
                Arguments.of(
                        "peer without address or ips",
                        VALID.replace("address: \"clustermesh.k8s-spb.example.com\"\n", ""),
                        11),
                Arguments.of(
                        "inline TLS key", VALID.replace("port: 2379", "port: 2379\n        tls: {key: c2VjcmV0}"), 13),
                Arguments.of("unknown value", VALID + "ipv4NativeRoutingCIDR: 10.0.0.0/8\n", 13));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesBrokenValuesAtTheirLine(String name, String values, int line) {
        List<Finding> findings = check(PATH, values);

        assertThat(findings)
                .as(name)
                .isNotEmpty()
                // an inline TLS key is also secret material (DKPM703) at the same line
                .allMatch(f -> (f.code().equals("DKPM702") || f.code().equals("DKPM703"))
                        && f.file().equals(PATH));
        assertThat(findings)
                .filteredOn(f -> f.code().equals("DKPM702"))
                .extracting(Finding::line)
                .as(name)
                .contains(line);
    }

    @Test
    void valuesOutsideACiliumFolderAreNotRecognised() {
        assertThat(check("clusters/msk/clustermesh-values.yaml", VALID))
                .extracting(Finding::message)
                .singleElement()
                .asString()
                .contains("no output schema");
    }

    private static List<Finding> check(String path, String yaml) {
        Findings findings = new Findings(new SourceMap("topology.yaml"));
        new OutputCheck(new TemplateEngine(Optional.empty()), Providers.BUILT_IN)
                .check(
                        List.of(new RenderedFile(path, Optional.empty(), yaml.getBytes(StandardCharsets.UTF_8))),
                        findings);
        return findings.sorted();
    }
}
