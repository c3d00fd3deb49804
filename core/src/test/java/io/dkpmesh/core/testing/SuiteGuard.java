package io.dkpmesh.core.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build when a compiled test class with test methods produced no Surefire report, so a
 * test whose name Surefire does not match (or that an exclude hides) can never sit outside the suite.
 *
 * <p>Run by the last module of the reactor ({@code it/pom.xml}, phase {@code verify}) over every module
 * the root {@code pom.xml} lists. It reads class files, not classes: a class has tests when one of its
 * methods carries one of JUnit's {@code @Testable} annotations, or when it extends a class of the same
 * tree that has; abstract classes and interfaces run only through their subclasses. A nested class is
 * covered by its own report or by its top-level class's.
 */
public final class SuiteGuard {

    /** The JUnit Jupiter annotations meta-annotated with {@code @Testable}, as class-file descriptors. */
    static final Set<String> TEST_ANNOTATIONS = Set.of(
            "Lorg/junit/jupiter/api/Test;",
            "Lorg/junit/jupiter/params/ParameterizedTest;",
            "Lorg/junit/jupiter/api/RepeatedTest;",
            "Lorg/junit/jupiter/api/TestFactory;",
            "Lorg/junit/jupiter/api/TestTemplate;");

    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private SuiteGuard() {}

    /**
     * {@code SuiteGuard <root>}: checks every module of the root pom. System properties {@code test},
     * {@code skipTests} and {@code maven.test.skip} (as Maven passes them; an unset one arrives as its
     * own {@code ${...}} expression) skip the check, since then not every test was meant to run.
     */
    public static void main(String[] args) throws IOException {
        String reason = skipReason(System::getProperty);
        if (reason != null) {
            System.out.println("[suite-guard] skipped: " + reason);
            return;
        }
        Path root = Path.of(args[0]);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String module : modules(root)) {
            Path target = root.resolve(module).resolve("target");
            Map<String, Boolean> classes = testClasses(target.resolve("test-classes"));
            checked += (int) classes.values().stream().filter(b -> b).count();
            for (String problem :
                    missingReports(classes, target.resolve("test-classes"), target.resolve("surefire-reports"))) {
                missing.add(module + ": " + problem);
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("[suite-guard] test classes with test methods that produced no Surefire report"
                    + " (rename them to *Test, or include them in the Surefire configuration):");
            missing.forEach(m -> System.err.println("[suite-guard]   " + m));
            System.exit(1);
        }
        System.out.println("[suite-guard] every one of " + checked + " test classes produced a Surefire report");
    }

    static String skipReason(UnaryOperator<String> properties) {
        for (String property : List.of("test", "skipTests", "maven.test.skip")) {
            String value = properties.apply(property);
            if (value == null || value.startsWith("${") || value.equalsIgnoreCase("false")) {
                continue;
            }
            return "-D" + property + (property.equals("test") ? "=" + value : "") + " given";
        }
        return null;
    }

    static List<String> modules(Path root) throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }

    /**
     * The classes under {@code testClasses} that Surefire must report: binary name to whether it has
     * test methods (itself or through a superclass of the same tree). Abstract classes and interfaces
     * are left out.
     */
    static Map<String, Boolean> testClasses(Path testClasses) throws IOException {
        Map<String, ClassInfo> infos = new TreeMap<>();
        if (Files.isDirectory(testClasses)) {
            try (Stream<Path> files = Files.walk(testClasses)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String relative = testClasses
                            .relativize(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), ".");
                    String name = relative.substring(0, relative.length() - ".class".length());
                    if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                        infos.put(name, ClassInfo.read(Files.readAllBytes(file)));
                    }
                }
            }
        }
        Map<String, Boolean> result = new TreeMap<>();
        infos.forEach((name, info) -> {
            if ((info.access & (ACC_ABSTRACT | ACC_INTERFACE)) == 0) {
                result.put(name, hasTests(name, infos, new HashSet<>()));
            }
        });
        return result;
    }

    private static boolean hasTests(String name, Map<String, ClassInfo> infos, Set<String> seen) {
        ClassInfo info = infos.get(name);
        if (info == null || !seen.add(name)) {
            return false;
        }
        return info.annotated || (info.superName != null && hasTests(info.superName, infos, seen));
    }

    /** The test classes with tests and no report, or with a report older than the class. */
    static List<String> missingReports(Map<String, Boolean> classes, Path testClasses, Path reports)
            throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Boolean> entry : classes.entrySet()) {
            if (!entry.getValue()) {
                continue;
            }
            String name = entry.getKey();
            String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
            Path classFile = testClasses.resolve(name.replace('.', '/') + ".class");
            boolean reported = false;
            for (String reportName : List.of(name, topLevel)) {
                Path report = reports.resolve("TEST-" + reportName + ".xml");
                if (Files.isRegularFile(report)
                        && Files.getLastModifiedTime(report).compareTo(Files.getLastModifiedTime(classFile)) >= 0) {
                    reported = true;
                }
            }
            if (!reported) {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * What the guard needs of a class file: access flags, superclass, and whether a method carries one
     * of {@link #TEST_ANNOTATIONS} (read from the methods' {@code RuntimeVisibleAnnotations}, JVMS 4.7.16,
     * so a string constant that merely spells a descriptor does not count).
     */
    record ClassInfo(int access, String superName, boolean annotated) {

        static ClassInfo read(byte[] bytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            int access = in.readUnsignedShort();
            in.readUnsignedShort();
            int superIndex = in.readUnsignedShort();
            String superName = superIndex == 0 ? null : utf8[classNameIndex[superIndex]].replace('/', '.');
            in.skipNBytes(2L * in.readUnsignedShort());
            skipMembers(in);
            boolean annotated = false;
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.skipNBytes(6);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String name = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (!"RuntimeVisibleAnnotations".equals(name)) {
                        in.skipNBytes(length);
                        continue;
                    }
                    int annotations = in.readUnsignedShort();
                    for (int n = 0; n < annotations; n++) {
                        annotated |= TEST_ANNOTATIONS.contains(utf8[in.readUnsignedShort()]);
                        skipPairs(in);
                    }
                }
            }
            return new ClassInfo(access, superName, annotated);
        }

        private static void skipMembers(DataInputStream in) throws IOException {
            int members = in.readUnsignedShort();
            for (int i = 0; i < members; i++) {
                in.skipNBytes(6);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    in.skipNBytes(2);
                    in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
                }
            }
        }

        /** The element-value pairs of one annotation whose type index was read (JVMS 4.7.16.1). */
        private static void skipPairs(DataInputStream in) throws IOException {
            int pairs = in.readUnsignedShort();
            for (int p = 0; p < pairs; p++) {
                in.skipNBytes(2);
                skipElementValue(in);
            }
        }

        private static void skipElementValue(DataInputStream in) throws IOException {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> in.skipNBytes(2);
                case 'e' -> in.skipNBytes(4);
                case '@' -> {
                    in.skipNBytes(2);
                    skipPairs(in);
                }
                case '[' -> {
                    int values = in.readUnsignedShort();
                    for (int v = 0; v < values; v++) {
                        skipElementValue(in);
                    }
                }
                default -> throw new IOException("unknown element value tag " + (char) tag);
            }
        }
    }
}
