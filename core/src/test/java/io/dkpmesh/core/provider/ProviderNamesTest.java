package io.dkpmesh.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's names stay in its package ({@code provider/<name>/}) and the registry
 * ({@code provider/Providers.java}): no identifier of core's main code elsewhere names Cilium or
 * Istio ({@code CiliumPlanner}, {@code Provider.CILIUM}, {@code case ISTIO}, {@code istioVersion}).
 * Comments and string literals do not count: Kubernetes kinds and template names are data. What
 * could not be moved yet is listed in {@link #NOT_MOVED_YET}, each with why (docs/architecture.md).
 */
class ProviderNamesTest {

    private static final Path MAIN = Path.of("src/main/java/io/dkpmesh/core");
    private static final List<String> PROVIDERS = List.of("cilium", "istio");
    private static final Pattern NAME =
            Pattern.compile("\\b\\w*(?:Cilium|Istio|CILIUM|ISTIO)\\w*\\b|\\b(?:cilium|istio)\\w*\\b");

    /** Files that still name a provider outside its package, and why; shrink it, never grow it. */
    static final Map<String, String> NOT_MOVED_YET = allowList();

    private static Map<String, String> allowList() {
        Map<String, String> allowed = new TreeMap<>();
        String vocabulary = "the topology's vocabulary: the schema's fields and values (PRODUCT.md: names fixed)";
        for (String file :
                List.of("AccessRule", "CiliumMember", "Cluster", "Delivery", "Mesh", "Provider", "TopologyReader")) {
            allowed.put("model/" + file + ".java", vocabulary);
        }
        allowed.put("api/FindingCode.java", "stable finding codes: their names are part of the contract");
        String access = "the access matrix reads the built-in providers' objects as layers of one path (a network"
                + " policy, then the sidecar's authorization) with one memo; a provider it does not read answers"
                + " MeshProvider.modelsAccess() false and its members' verdicts are unknown (UnmodelledMeshes)";
        for (String file : List.of(
                "AccessEvaluator",
                "AccessIntent",
                "AccessReport",
                "CiliumPolicy",
                "FleetObjects",
                "IstioAuthorization",
                "Universe")) {
            allowed.put("access/" + file + ".java", access);
        }
        return allowed;
    }

    @Test
    void noProviderNameOutsideItsPackageAndTheRegistry() {
        Map<String, Set<String>> found = outside(MAIN);
        found.keySet().removeAll(NOT_MOVED_YET.keySet());
        assertThat(found)
                .as("provider-specific names outside provider/<name>/ and provider/Providers.java;"
                        + " move them behind MeshProvider (docs/architecture.md, \"Adding a provider\")")
                .isEmpty();
    }

    @Test
    void theAllowListNamesOnlyFilesThatStillNeedIt() {
        assertThat(outside(MAIN).keySet())
                .as("files of NOT_MOVED_YET that no longer name a provider: remove them from the list")
                .containsAll(NOT_MOVED_YET.keySet());
    }

    @Test
    void aNameOutsideItsPackageIsFoundButNotInCommentsStringsOrItsOwnPackage(@TempDir Path dir) throws IOException {
        write(dir.resolve("render/Leaky.java"), """
                package io.dkpmesh.core.render;
                /** CiliumNetworkPolicy in a comment is fine. */
                class Leaky {
                    String kind = "IstioFederation"; // so is a string: IstioPlanner
                    boolean cilium(Mesh mesh) { return mesh.provider() == Provider.CILIUM; }
                }
                """);
        write(
                dir.resolve("provider/istio/IstioThing.java"),
                "package io.dkpmesh.core.provider.istio;\nclass IstioThing { Object planner = CiliumPlanner.X; }\n");
        write(dir.resolve("provider/cilium/CiliumThing.java"), "class CiliumThing { String ciliumName; }\n");
        write(dir.resolve("provider/Providers.java"), "class Providers { Object a = new IstioProvider(); }\n");

        assertThat(outside(dir))
                .containsExactly(
                        Map.entry("provider/istio/IstioThing.java", Set.of("CiliumPlanner")),
                        Map.entry("render/Leaky.java", Set.of("CILIUM", "cilium")));
    }

    /** Per file (relative, with {@code /}), the provider names its code uses where they do not belong. */
    static Map<String, Set<String>> outside(Path main) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String path = main.relativize(file).toString().replace('\\', '/');
                if (path.equals("provider/Providers.java")) {
                    continue;
                }
                Set<String> names = new TreeSet<>();
                Matcher m = NAME.matcher(code(Files.readString(file)));
                while (m.find()) {
                    String name = m.group();
                    boolean own = PROVIDERS.stream()
                            .anyMatch(p -> path.startsWith("provider/" + p + "/")
                                    && name.toLowerCase(java.util.Locale.ROOT).contains(p));
                    if (!own) {
                        names.add(name);
                    }
                }
                if (!names.isEmpty()) {
                    out.put(path, names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Comments, text blocks, strings and characters, matched left to right as the compiler reads them. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|/\\*[\\s\\S]*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])'");

    /** The source without comments, string and character literals, and imports. */
    static String code(String source) {
        return NOT_CODE.matcher(source).replaceAll(" ").replaceAll("(?m)^import .*$", "");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
