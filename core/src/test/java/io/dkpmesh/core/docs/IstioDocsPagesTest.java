package io.dkpmesh.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/istio-multicluster.md and docs/istio-single.md name, for every rendered kind, the consuming
 * controller, the upstream file and the test that proves it: every test they name must exist, and
 * every row must fill every column.
 */
class IstioDocsPagesTest {

    private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)#([a-zA-Z0-9]+)`");
    private static final Path TESTS = Path.of("src", "test", "java");

    @ParameterizedTest
    @ValueSource(strings = {"istio-multicluster.md", "istio-single.md"})
    void everyNamedTestExistsAndEveryRowIsComplete(String page) throws IOException {
        String text = Files.readString(Path.of("..", "docs", page), StandardCharsets.UTF_8);
        Matcher matcher = TEST_REFERENCE.matcher(text);
        List<String> missing = new ArrayList<>();
        int references = 0;
        while (matcher.find()) {
            references++;
            if (!declares(matcher.group(1), matcher.group(2))) {
                missing.add(matcher.group(1) + "#" + matcher.group(2));
            }
        }
        assertThat(references).as(page).isGreaterThan(5);
        assertThat(missing).as("tests named in %s", page).isEmpty();

        List<String> rows = text.lines().filter(line -> line.startsWith("| `")).toList();
        assertThat(rows).as(page).extracting(row -> row.split(" \\| ").length).allMatch(columns -> columns == 5);
        assertThat(rows)
                .as("every row names a test")
                .allMatch(row -> TEST_REFERENCE.matcher(row).find());
        assertThat(rows)
                .extracting(row -> row.split(" \\| ")[0])
                .as(page)
                .anyMatch(kind -> kind.contains("DestinationRule"))
                .anyMatch(kind -> kind.contains("VirtualService"))
                .anyMatch(kind -> kind.contains("AuthorizationPolicy"))
                .anyMatch(kind -> kind.contains("ModuleConfig"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "## 1. Residency",
                "## 2. Access by cluster",
                "## 3. Flat network",
                "## 4. Failover",
                "## 5. `distribute`",
                "## 6. Locality",
                "## 7. Traffic"
            })
    void multiclusterPageCoversEveryPointOfTheAudit(String heading) throws IOException {
        assertThat(Files.readString(Path.of("..", "docs", "istio-multicluster.md"), StandardCharsets.UTF_8))
                .contains(heading);
    }

    /** Istio reads localities from node labels; zone and network are never rendered, so the reference must not promise more. */
    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void clusterLocalityFieldsSayWhatIstioReadsAndWhatIsDocumentationOnly() {
        Map<String, Object> schema =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(DkpMesh.topologySchema());
        Map<String, Object> cluster = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get("cluster");
        Map<String, Map<String, Object>> fields = (Map<String, Map<String, Object>>) cluster.get("properties");
        assertThat((String) fields.get("region").get("description")).contains("topology.kubernetes.io/region");
        assertThat((String) fields.get("zone").get("description"))
                .contains("documentation only", "topology.kubernetes.io/zone");
        assertThat((String) fields.get("network").get("description"))
                .contains("documentation only", "flatNetwork")
                .doesNotContain("direct pod-to-pod routes");
    }

    private static boolean declares(String testClass, String method) throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(testClass + ".java"))
                    .toList()) {
                if (Pattern.compile("void " + method + "\\(")
                        .matcher(Files.readString(file, StandardCharsets.UTF_8))
                        .find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
