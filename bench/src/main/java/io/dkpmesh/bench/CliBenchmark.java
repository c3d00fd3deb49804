package io.dkpmesh.bench;

import io.dkpmesh.bench.Fleet.Model;
import io.dkpmesh.core.DkpMesh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command line's figures (issue 28), beside kustomize and the write floor of the same run: the
 * launcher {@code cli/target/dkp-mesh} rendering a copy of {@code examples/istio-federation} and an
 * N-cluster full-mesh federation into an empty {@code rendered/} (cold: a fresh JVM, no state of a
 * last render), then the same command again (no-op); and, to show what each of the launcher's JVM
 * flags buys, the same cold render and no-op with {@code java -jar} and no flag, and with the
 * launcher's flags minus one. Every figure is the median of {@link #ROUNDS} rounds. Writes
 * {@code bench/target/cli-report.md}.
 *
 * <pre>bench/run --cli [N ...]</pre>
 */
final class CliBenchmark {

    private static final int ROUNDS = 3;
    /** Issue 28's targets, milliseconds of wall time from the launcher. */
    private static final long EXAMPLE_TARGET = 1000;

    private static final long FLEET_TARGET = 2000;
    private static final long NOOP_TARGET = 500;

    private final Path repo;
    private final Path target;
    private final Path jar;
    private final Path archive;
    private final Path launcher;
    private final List<String> flags;
    /** The Maven of this run with its options, before the goal: the plugin's figures beside the launcher's. */
    private final List<String> maven;

    CliBenchmark(Path repo, List<String> maven) throws Exception {
        this.maven = maven;
        this.repo = repo;
        this.target = repo.resolve("bench/target");
        this.jar = repo.resolve("cli/target/dkp-mesh.jar");
        this.archive = repo.resolve("cli/target/dkp-mesh.jsa");
        this.launcher = repo.resolve("cli/target/dkp-mesh");
        Matcher m = Pattern.compile("(?m)^flags=\\(([^)]*)\\)").matcher(Files.readString(launcher));
        if (!m.find() || !Files.isRegularFile(jar) || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("build the command line first: ./mvnw package -pl cli -am");
        }
        this.flags = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
    }

    /** One way to start the tool: a name and its render command. */
    record Variant(String name, List<String> render) {}

    record Times(long cold, long noop, long floorWrite) {}

    void run(List<Integer> sizes, String machine) throws Exception {
        Files.createDirectories(target);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<Variant> variants = variants();
        Map<String, Map<String, Times>> figures = new LinkedHashMap<>();
        Map<String, Long> kustomize = new LinkedHashMap<>();
        Map<String, Long> files = new LinkedHashMap<>();

        Path example = target.resolve("cases/cli-istio-federation");
        Benchmark.deleteTree(example);
        copy(repo.resolve("examples/istio-federation"), example);
        List<Path> cases = new ArrayList<>(List.of(example));
        for (int n : sizes) {
            cases.add(new Fleet(Model.FEDERATION, n).write(target.resolve("cases"), DkpMesh.version()));
        }
        for (Path dir : cases) {
            String name = dir == example ? "examples/istio-federation" : "federation N=" + dir.getFileName().toString().replaceAll("\\D", "");
            Map<String, Times> byVariant = new LinkedHashMap<>();
            for (Variant variant : variants) {
                byVariant.put(variant.name(), measure(dir, variant));
                System.out.printf(Locale.ROOT, "%s, %s: %s%n", name, variant.name(), byVariant.get(variant.name()));
            }
            figures.put(name, byVariant);
            Path rendered = dir.resolve("rendered");
            long count;
            try (Stream<Path> walk = Files.walk(rendered)) {
                count = walk.filter(Files::isRegularFile).count();
            }
            kustomize.put(name, Benchmark.kustomizeEach(rendered, target.resolve("kustomize.yaml")));
            files.put(name, count);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = report(figures, kustomize, files, machine, loadBefore, loadAfter);
        Files.writeString(target.resolve("cli-report.md"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(report);
    }

    private List<Variant> variants() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("launcher", List.of(launcher.toString(), "render", "--quiet")));
        List<String> mavenRender = new ArrayList<>(maven);
        mavenRender.add("dkp-mesh:render");
        variants.add(new Variant("Maven plugin, `mvn -q dkp-mesh:render`", mavenRender));
        variants.add(new Variant("java -jar, no flag", List.of(java, "-jar", jar.toString(), "render", "--quiet")));
        List<String> all = new ArrayList<>(flags);
        all.add("-XX:SharedArchiveFile=" + archive);
        for (String flag : all) {
            List<String> command = new ArrayList<>(List.of(java));
            all.stream().filter(f -> !f.equals(flag)).forEach(command::add);
            command.addAll(List.of("-jar", jar.toString(), "render", "--quiet"));
            String label = flag.startsWith("-XX:SharedArchiveFile") ? "-XX:SharedArchiveFile (the CDS archive)" : flag;
            variants.add(new Variant("launcher without " + label, command));
        }
        return variants;
    }

    /** Median cold render into an empty rendered/ with no state, the median no-op, and the floor. */
    private Times measure(Path dir, Variant variant) throws Exception {
        List<Long> colds = new ArrayList<>();
        List<Long> noops = new ArrayList<>();
        List<Long> floors = new ArrayList<>();
        List<String> render = variant.render();
        for (int round = 0; round < ROUNDS; round++) {
            Benchmark.deleteTree(dir.resolve("rendered"));
            Benchmark.deleteTree(dir.resolve("target"));
            Benchmark.sync();
            colds.add(Benchmark.exec(dir, render.toArray(String[]::new)).millis());
            Benchmark.sync();
            noops.add(Benchmark.exec(dir, render.toArray(String[]::new)).millis());
            floors.add(Benchmark.floor(dir.resolve("rendered"), target.resolve("floor"))[0]);
        }
        return new Times(Benchmark.median(colds), Benchmark.median(noops), Benchmark.median(floors));
    }

    private String report(Map<String, Map<String, Times>> figures, Map<String, Long> kustomize, Map<String, Long> files,
            String machine, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder("# dkp-mesh command line benchmark\n\n");
        md.append(machine).append(".  \nLoad average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(".\n\nLauncher flags: `").append(String.join(" ", flags)).append(" -XX:SharedArchiveFile=dkp-mesh.jsa`. ")
                .append("Cold: `<variant> render --quiet` (the Maven plugin: `mvn -q dkp-mesh:render`, the same engine behind Maven's start) in a fresh JVM into an empty `rendered/` with no state of a last render; ")
                .append("no-op: the same command again; each the median of ").append(ROUNDS).append(" rounds, as is the floor ")
                .append("(a plain loop writing the same files into an empty folder). kustomize: `kubectl kustomize` over every ")
                .append("`rendered/clusters/*`, one after another.\n");
        figures.forEach((name, byVariant) -> {
            md.append("\n## ").append(name).append(" (").append(files.get(name)).append(" files)\n\n");
            md.append("| variant | cold | no-op | floor write |\n|---|---:|---:|---:|\n");
            byVariant.forEach((variant, t) -> md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", variant,
                    seconds(t.cold()), seconds(t.noop()), seconds(t.floorWrite()))));
            md.append(String.format(Locale.ROOT, "| kubectl kustomize, all clusters | %s | | |%n", seconds(kustomize.get(name))));
        });
        md.append("\n## Targets (launcher)\n\n");
        figures.forEach((name, byVariant) -> {
            Times t = byVariant.get("launcher");
            long budget = name.startsWith("examples/") ? EXAMPLE_TARGET : FLEET_TARGET;
            md.append(verdict(t.cold() <= budget, String.format(Locale.ROOT, "%s cold render %s (target at most %s)", name,
                    seconds(t.cold()), seconds(budget))));
            md.append(verdict(t.noop() <= NOOP_TARGET, String.format(Locale.ROOT, "%s no-op %s (target at most %s)", name,
                    seconds(t.noop()), seconds(NOOP_TARGET))));
        });
        return md.toString();
    }

    private static String verdict(boolean met, String what) {
        return "- " + (met ? "met" : "**missed**") + ": " + what + "\n";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("rendered") || relative.startsWith("target")) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
    }
}
