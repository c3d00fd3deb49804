package io.dkpmesh.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard that keeps every test class in the suite, on classes compiled here for the purpose. */
class SuiteGuardTest {

    @TempDir
    static Path work;

    static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        Path sources = work.resolve("src/a");
        Files.createDirectories(sources);
        write(sources, "WidgetTest", "class WidgetTest { @org.junit.jupiter.api.Test void works() { } }");
        write(
                sources,
                "StringsProperties",
                "class StringsProperties { @org.junit.jupiter.params.ParameterizedTest @org.junit.jupiter.params.provider.ValueSource(ints = 1) void holds(int i) { } }");
        write(sources, "Fixtures", "public class Fixtures { public static String sample() { return \"x\"; } }");
        write(
                sources,
                "AbstractCheck",
                "abstract class AbstractCheck { @org.junit.jupiter.api.Test void common() { } }");
        write(sources, "ConcreteChecks", "class ConcreteChecks extends AbstractCheck { }");
        write(
                sources,
                "OuterTest",
                "class OuterTest { @org.junit.jupiter.api.Nested class Inner { @org.junit.jupiter.api.Test void nested() { } } }");
        // names a test annotation only as a string, as the guard itself does: no test method
        write(sources, "Spelling", "class Spelling { static final String T = \"Lorg/junit/jupiter/api/Test;\"; }");
        write(
                sources,
                "Factories",
                "class Factories { @org.junit.jupiter.api.TestFactory java.util.List<org.junit.jupiter.api.DynamicTest> all() { return java.util.List.of(); } }");
        classes = work.resolve("test-classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new java.util.ArrayList<>(
                List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        try (var files = Files.list(sources)) {
            files.forEach(f -> args.add(f.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    }

    private static void write(Path dir, String name, String body) throws Exception {
        Files.writeString(dir.resolve(name + ".java"), "package a;\n" + body + "\n");
    }

    @Test
    void findsTestMethodsInheritedAndNestedAndLeavesHelpersAndAbstractClassesOut() throws Exception {
        Map<String, Boolean> found = SuiteGuard.testClasses(classes);
        assertThat(found)
                .containsEntry("a.WidgetTest", true)
                .containsEntry("a.StringsProperties", true)
                .containsEntry("a.ConcreteChecks", true)
                .containsEntry("a.OuterTest$Inner", true)
                .containsEntry("a.Factories", true)
                .containsEntry("a.Fixtures", false)
                .containsEntry("a.Spelling", false)
                .doesNotContainKey("a.AbstractCheck");
    }

    @Test
    void namesEveryClassWithTestsThatHasNoReport(@TempDir Path reports) throws Exception {
        Map<String, Boolean> found = SuiteGuard.testClasses(classes);
        for (String reported : List.of("a.WidgetTest", "a.OuterTest", "a.Factories")) {
            Files.writeString(reports.resolve("TEST-" + reported + ".xml"), "<testsuite/>");
        }
        // the misnamed class, and the subclass that runs only inherited tests, never ran
        assertThat(SuiteGuard.missingReports(found, classes, reports))
                .containsExactly("a.ConcreteChecks", "a.StringsProperties");

        Files.writeString(reports.resolve("TEST-a.ConcreteChecks.xml"), "<testsuite/>");
        Files.writeString(reports.resolve("TEST-a.StringsProperties.xml"), "<testsuite/>");
        assertThat(SuiteGuard.missingReports(found, classes, reports)).isEmpty();

        // a report older than the class it names is from an earlier build, not from this one
        Files.setLastModifiedTime(
                reports.resolve("TEST-a.WidgetTest.xml"), FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        assertThat(SuiteGuard.missingReports(found, classes, reports)).containsExactly("a.WidgetTest");
    }

    @Test
    void readsTheModulesOfTheRootPom(@TempDir Path root) throws Exception {
        Files.writeString(
                root.resolve("pom.xml"),
                "<project><modules>\n<module>core</module>\n<module> plugin </module></modules></project>");
        assertThat(SuiteGuard.modules(root)).containsExactly("core", "plugin");
    }

    @Test
    void skipsWhenOnlySomeTestsWereMeantToRun() {
        assertThat(SuiteGuard.skipReason(Map.of("test", "${test}", "skipTests", "false")::get))
                .isNull();
        assertThat(SuiteGuard.skipReason(Map.of("test", "GoldenTreesTest")::get))
                .isEqualTo("-Dtest=GoldenTreesTest given");
        assertThat(SuiteGuard.skipReason(Map.of("skipTests", "true")::get)).isEqualTo("-DskipTests given");
        assertThat(SuiteGuard.skipReason(Map.of("maven.test.skip", "")::get)).isEqualTo("-Dmaven.test.skip given");
    }
}
