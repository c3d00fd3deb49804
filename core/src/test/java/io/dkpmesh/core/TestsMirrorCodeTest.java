package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests live beside the code they test (CONTRIBUTING.md, "Where tests live"): a main class
 * {@code io.dkpmesh.core.p.X} is tested by {@code io.dkpmesh.core.p.XTest}. This guard keeps two
 * promises: the share of main classes with a same-named test in the same package does not fall
 * below {@link #FLOOR_PERCENT}, and no test class sits in a package without main code, nor names a
 * class of another package. The facade's end-to-end tests ({@link #END_TO_END}) are the only tests of
 * the root package that mirror no class; {@code testing/} holds shared helpers.
 */
class TestsMirrorCodeTest {

    /**
     * The share reached (72 of 121 classes, 59.5 %, when the guard was written; 85 of 134, 63.4 %,
     * once the importer, the platform callers, TreeFacts, Manifest, DecisionRow and StaleTree got
     * their tests), rounded down.
     */
    static final int FLOOR_PERCENT = 63;

    private static final Path MAIN = Path.of("src/main/java/io/dkpmesh/core");
    private static final Path TEST = Path.of("src/test/java/io/dkpmesh/core");
    private static final String HELPERS = "testing";

    /** End-to-end tests of the facade, {@link DkpMesh}, and the engine-wide guards: they stay in the root package. */
    static final Set<String> END_TO_END = Set.of(
            "CheckAndDiffTest",
            "ExamplesTest",
            "GitBaselineDiffTest",
            "GoldenTreesTest",
            "HermeticRenderTest",
            "HostileCorpusTest",
            "HugeValuesTest",
            "NoFrontEndWordsTest",
            "NoOpClassesTest",
            "NoOpRenderTest",
            "RenderFailureKeepsTreeTest",
            "RenderedTreesBuildTest",
            "StringsStayDataTest",
            "TestsMirrorCodeTest",
            "UpstreamAcceptanceTest",
            "UpstreamCelRulesTest");

    /** Main classes and which of them have a same-named test in the same package. */
    record Census(Set<String> classes, Set<String> mirrored) {

        int percent() {
            return classes.isEmpty() ? 100 : (int) (100L * mirrored.size() / classes.size());
        }

        Set<String> untested() {
            Set<String> out = new TreeSet<>(classes);
            out.removeAll(mirrored);
            return out;
        }
    }

    @Test
    void enoughMainClassesHaveATestOfTheirName() {
        Census census = census(MAIN, TEST);
        assertThat(census.classes())
                .as("main classes found under %s", MAIN.toAbsolutePath())
                .isNotEmpty();
        assertThat(census.percent())
                .as(
                        "%d of %d main classes have a same-named test in their package (%d %%), fewer than the floor of %d %%."
                                + " Give a new class its test, <package>/<Class>Test.java; without one: %s",
                        census.mirrored().size(),
                        census.classes().size(),
                        census.percent(),
                        FLOOR_PERCENT,
                        census.untested())
                .isGreaterThanOrEqualTo(FLOOR_PERCENT);
    }

    @Test
    void everyTestSitsBesideTheCodeItTests() {
        assertThat(misplaced(MAIN, TEST, END_TO_END))
                .as(
                        "test classes outside the package of the code they test (see CONTRIBUTING.md, \"Where tests live\")")
                .isEmpty();
    }

    @Test
    void theCensusCountsSameNamedTestsInTheSamePackageOnly(@TempDir Path dir) throws IOException {
        Path main = dir.resolve("main");
        Path test = dir.resolve("test");
        write(main.resolve("A.java"));
        write(main.resolve("model/Cidr.java"));
        write(main.resolve("model/Mesh.java"));
        write(main.resolve("model/package-info.java"));
        write(main.resolve("load/Json.java"));
        write(test.resolve("model/CidrTest.java"));
        write(test.resolve("JsonTest.java")); // same name, other package: does not count
        write(test.resolve("model/CidrTests.java"));
        Census census = census(main, test);
        assertThat(census.classes()).containsExactly("A", "load/Json", "model/Cidr", "model/Mesh");
        assertThat(census.mirrored()).containsExactly("model/Cidr");
        assertThat(census.percent()).isEqualTo(25);
        assertThat(census.untested()).containsExactly("A", "load/Json", "model/Mesh");
    }

    @Test
    void misplacedTestsAreNamed(@TempDir Path dir) throws IOException {
        Path main = dir.resolve("main");
        Path test = dir.resolve("test");
        write(main.resolve("Facade.java"));
        write(main.resolve("model/Cidr.java"));
        write(main.resolve("validate/Rules.java"));
        write(test.resolve("FacadeTest.java")); // mirrors a root class
        write(test.resolve("EndToEndTest.java")); // listed
        write(test.resolve("StrayTest.java")); // root, neither
        write(test.resolve("model/CidrTest.java"));
        write(test.resolve("model/OverlapTest.java")); // a behaviour test beside its code
        write(test.resolve("validate/CidrTest.java")); // tests model.Cidr from another package
        write(test.resolve("ghost/GhostTest.java")); // a package with no main code
        write(test.resolve("model/FacadeTest.java")); // tests the root class from a package
        write(test.resolve("testing/Helpers.java"));
        write(test.resolve("testing/HelpersTest.java"));
        assertThat(misplaced(main, test, Set.of("EndToEndTest")))
                .containsExactly(
                        "StrayTest: the root package holds the facade's end-to-end tests only; move it beside the"
                                + " code it tests, or list it in END_TO_END",
                        "ghost/GhostTest: no main code in package ghost",
                        "model/FacadeTest: Facade is in the root package, not in model; move the test there",
                        "validate/CidrTest: Cidr is in model, not in validate; move the test there");
    }

    /** The main classes under {@code main} and those with a test of their name under {@code test}, as {@code pkg/Name}. */
    static Census census(Path main, Path test) {
        Set<String> classes = new TreeSet<>();
        Set<String> mirrored = new TreeSet<>();
        for (String name : javaFiles(main)) {
            if (name.endsWith("package-info") || name.endsWith("module-info")) {
                continue;
            }
            classes.add(name);
            if (Files.isRegularFile(test.resolve(name + "Test.java"))) {
                mirrored.add(name);
            }
        }
        return new Census(classes, mirrored);
    }

    /** Each test file that is not where it belongs, with why. */
    static List<String> misplaced(Path main, Path test, Set<String> rootAllowed) {
        Set<String> mainClasses = census(main, test).classes();
        Map<String, Set<String>> packagesOf = new TreeMap<>();
        for (String name : mainClasses) {
            packagesOf.computeIfAbsent(simple(name), k -> new TreeSet<>()).add(pkg(name));
        }
        Set<String> mainPackages =
                mainClasses.stream().map(TestsMirrorCodeTest::pkg).collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        for (String name : javaFiles(test)) {
            String pkg = pkg(name);
            String simple = simple(name);
            if (pkg.equals(HELPERS) || pkg.startsWith(HELPERS + "/")) {
                continue;
            }
            if (!mainPackages.contains(pkg)) {
                out.add(name + ": no main code in package " + pkg);
                continue;
            }
            String tested = simple.endsWith("Test") ? simple.substring(0, simple.length() - 4) : "";
            Set<String> homes = packagesOf.getOrDefault(tested, Set.of());
            if (!tested.isEmpty() && !homes.isEmpty() && !homes.contains(pkg)) {
                out.add(name + ": " + tested + " is in "
                        + homes.stream().map(TestsMirrorCodeTest::named).collect(Collectors.joining(", ")) + ", not in "
                        + named(pkg) + "; move the test there");
                continue;
            }
            if (pkg.isEmpty() && !homes.contains("") && !rootAllowed.contains(simple)) {
                out.add(name + ": the root package holds the facade's end-to-end tests only; move it beside the"
                        + " code it tests, or list it in END_TO_END");
            }
        }
        return out;
    }

    private static String named(String pkg) {
        return pkg.isEmpty() ? "the root package" : pkg;
    }

    private static String pkg(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** {@code pkg/Name} of every {@code .java} file under {@code root}, sorted. */
    private static List<String> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".java"))
                    .map(name -> name.substring(0, name.length() - ".java".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }
}
