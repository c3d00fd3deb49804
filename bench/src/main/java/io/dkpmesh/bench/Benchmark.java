package io.dkpmesh.bench;

import io.dkpmesh.bench.Fleet.Model;
import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.RenderSummary;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.pipeline.StepListener;
import io.dkpmesh.core.pipeline.StepTiming;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates full-mesh fleets of N clusters and measures, per N: the engine in process (a cold JVM,
 * then the median of three warm runs), {@code mvn dkp-mesh:render} end to end from a cold JVM, a
 * no-op re-render, and {@code kubectl kustomize} over every produced cluster tree. Writes
 * {@code bench/target/report.md}.
 *
 * <pre>bench/run [N ...] [--models federation,multicluster] [--offline] [--local-repo DIR] [--maven MVN] [--engine-only] [--cli] [--large [case ...]]</pre>
 *
 * <p>{@code --cli} measures the command line instead ({@link CliBenchmark}; N defaults to 100).
 *
 * <p>{@code --maven} names the Maven that runs the goals (default: the repository's {@code mvnw});
 * issue 15's own table was measured with Debian's {@code /usr/share/maven/bin/mvn} (3.8.7).
 */
public final class Benchmark {

    private static final int WARM_RUNS = 3;

    /** Rounds of the mvn commands and the floor, each reported as its median. */
    private static final int ROUNDS = 3;
    /** "Well under a second" (issue 13), for the access matrix of the cold JVM's render at N=100. */
    private static final long ACCESS_TARGET_MILLIS = 500;

    private final Path target;
    private final boolean offline;
    private final Optional<Path> localRepo;
    /** The Maven command that runs every goal. */
    private final String maven;
    /** Only the engine in process (no mvn, no kustomize): needs no installed plugin. */
    private final boolean engineOnly;

    private Benchmark(Path repo, boolean offline, Optional<Path> localRepo, Optional<String> maven, boolean engineOnly) {
        this.target = repo.resolve("bench/target");
        this.offline = offline;
        this.localRepo = localRepo;
        this.maven = maven.orElse(repo.resolve("mvnw").toString());
        this.engineOnly = engineOnly;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("engine")) {
            engine(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Path repo = Path.of("").toAbsolutePath();
        List<Integer> sizes = new ArrayList<>();
        List<Model> models = List.of(Model.values());
        boolean offline = false;
        Optional<Path> localRepo = Optional.empty();
        Optional<String> maven = Optional.empty();
        boolean engineOnly = false;
        boolean cli = false;
        boolean large = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--offline" -> offline = true;
                case "--local-repo" -> localRepo = Optional.of(Path.of(args[++i]).toAbsolutePath());
                case "--maven" -> maven = Optional.of(args[++i]);
                case "--engine-only" -> engineOnly = true;
                case "--cli" -> cli = true;
                case "--large" -> large = true;
                case "--models" -> models = Arrays.stream(args[++i].split(",")).map(m -> Model.valueOf(m.toUpperCase(Locale.ROOT))).toList();
                default -> {
                    if (args[i].matches("\\d+")) {
                        sizes.add(Integer.parseInt(args[i]));
                    } else {
                        only.add(args[i]);
                    }
                }
            }
        }
        if (large) {
            Benchmark machine = new Benchmark(repo, offline, localRepo, maven, true);
            new LargeBenchmark(repo).run(only, machine.machine() + kubectl(repo));
            return;
        }
        if (cli) {
            Benchmark machine = new Benchmark(repo, offline, localRepo, maven, true);
            new CliBenchmark(repo, machine.maven()).run(sizes.isEmpty() ? List.of(100) : sizes, machine.machine() + kubectl(repo));
            return;
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10, 50, 100, 200);
        }
        new Benchmark(repo, offline, localRepo, maven, engineOnly).run(models, sizes);
    }

    /**
     * The child JVM: one cold render, then warm ones, each into a fresh folder, then warm renders
     * in memory (validate, render, self-check: no file system). Prints one line per figure:
     * {@code files <count>}, {@code render <ms>...} (the cold run first), {@code access <ms>...} (of
     * each of those renders, the access matrix: read back the rendered policies, evaluate every
     * caller of every target, write ACCESS.md, compare with the topology; as the engine's step
     * timings tell it) and {@code memory <ms>...}. Dirty pages are flushed between runs so that one run's
     * write-back does not slow the next.
     */
    private static void engine(Path topology, Path scratch) throws Exception {
        AccessTimes log = new AccessTimes();
        DkpMesh engine = new DkpMesh(EngineLog.SILENT, Suggestions.NEUTRAL, log);
        List<String> render = new ArrayList<>();
        List<String> access = new ArrayList<>();
        List<String> parse = new ArrayList<>();
        List<String> memory = new ArrayList<>();
        int files = 0;
        for (int run = 0; run <= WARM_RUNS; run++) {
            Path out = scratch.resolve("run" + run);
            log.reset();
            long start = System.nanoTime();
            RenderSummary summary = engine.render(RenderRequest.of(topology, out));
            render.add(String.valueOf((System.nanoTime() - start) / 1_000_000));
            access.add(log.millis());
            parse.add(log.parse());
            files = summary.written();
            deleteTree(out);
            sync();
        }
        for (int run = 0; run < WARM_RUNS; run++) {
            long start = System.nanoTime();
            engine.renderInMemory(RenderRequest.of(topology, scratch.resolve("unused")));
            memory.add(String.valueOf((System.nanoTime() - start) / 1_000_000));
        }
        System.out.println("files " + files);
        System.out.println("render " + String.join(" ", render));
        System.out.println("access " + String.join(" ", access));
        System.out.println("parse " + String.join(" ", parse));
        System.out.println("memory " + String.join(" ", memory));
    }

    /**
     * Sums the engine's step timings of one render (its {@link StepListener}, not its debug log):
     * reading the rendered files back (parsed once, for the self-check too) apart from computing
     * the matrix with ACCESS.md and comparing it with the topology.
     */
    private static final class AccessTimes implements StepListener {
        private long access;
        private long parse;
        private int steps;

        void reset() {
            access = 0;
            parse = 0;
            steps = 0;
        }

        String millis() {
            if (steps != 3) {
                throw new IllegalStateException("expected the engine to time the access matrix in three steps (read-back, access, access-check), got " + steps);
            }
            return String.valueOf(Math.round(access / 1e6));
        }

        String parse() {
            return String.valueOf(Math.round(parse / 1e6));
        }

        @Override
        public void finished(StepTiming timing) {
            switch (timing.step()) {
                case READ_BACK -> parse += timing.nanos();
                case ACCESS, ACCESS_CHECK -> access += timing.nanos();
                default -> {
                    return;
                }
            }
            steps++;
        }
    }

    static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /**
     * One row of the report.
     *
     * @param start      {@code mvn -q dkp-mesh:help}: Maven and the plugin starting, cold JVM
     * @param render     {@code mvn -q dkp-mesh:render}, cold JVM, into an empty folder
     * @param noop       the same command again, nothing changed
     * @param check      {@code mvn -q dkp-mesh:check} on the unchanged tree
     * @param floorWrite a plain loop writing the same files into an empty folder
     * @param floorRead  a plain loop reading them back and comparing them with the rendered ones
     */
    record Row(int clusters, long objects, long files, long engineCold, long engineWarm, long inMemory, long accessCold, long accessWarm,
               long parseCold, long parseWarm, long start, long render, double cpu, long rssKiB, long noop, long noopChanged, long check,
               long kustomize, long floorWrite, long floorRead) {

        double ratio() {
            return (double) render / kustomize;
        }

        /** no-op / (start + 1.0 s): target at most 1. */
        double noopOverStart() {
            return (double) noop / (start + 1000);
        }

        /** no-op / cold: target at most 0.5. */
        double noopOverCold() {
            return (double) noop / render;
        }

        /** 1.5 x (start + floor), in milliseconds: the most a cold render may take by the floor's target. */
        long floorBudget() {
            return Math.round(1.5 * (start + floorWrite));
        }

        /** 0.30 x kustomize, in milliseconds: the most a cold render may take by kustomize's target. */
        long kustomizeBudget() {
            return Math.round(0.30 * kustomize);
        }

        /** cold / (1.5 x (start + floor)): target at most 1. */
        double coldOverFloor() {
            return render / (1.5 * (start + floorWrite));
        }
    }

    private void run(List<Model> models, List<Integer> sizes) throws Exception {
        Files.createDirectories(target);
        String machine = machine();
        System.out.println(machine);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<Model, List<Row>> rows = new EnumMap<>(Model.class);
        for (Model model : models) {
            for (int n : sizes) {
                Row row = measure(new Fleet(model, n));
                rows.computeIfAbsent(model, m -> new ArrayList<>()).add(row);
                System.out.printf(Locale.ROOT, "%s N=%d: %s%n", model.id(), n, row);
            }
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = report(rows, machine, loadBefore, loadAfter);
        Files.writeString(target.resolve("report.md"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(report);
    }

    private Row measure(Fleet fleet) throws Exception {
        Path dir = fleet.write(target.resolve("cases"), DkpMesh.version());
        Path rendered = dir.resolve("rendered");
        deleteTree(rendered);

        // engine, in a JVM of its own so that "cold" means cold
        Path scratch = target.resolve("scratch");
        deleteTree(scratch);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Exec engine = exec(dir, java, "-cp", classPath(), Benchmark.class.getName(), "engine",
                dir.resolve("topology.yaml").toString(), scratch.toString());
        deleteTree(scratch);
        Map<String, String[]> times = new TreeMap<>();
        engine.stdout().lines().map(line -> line.split(" ")).forEach(line -> times.put(line[0], Arrays.copyOfRange(line, 1, line.length)));
        long engineCold = Long.parseLong(times.get("render")[0]);
        long engineWarm = median(Arrays.copyOfRange(times.get("render"), 1, 1 + WARM_RUNS));
        long inMemory = median(times.get("memory"));
        long accessCold = Long.parseLong(times.get("access")[0]);
        long accessWarm = median(Arrays.copyOfRange(times.get("access"), 1, 1 + WARM_RUNS));
        long parseCold = Long.parseLong(times.get("parse")[0]);
        long parseWarm = median(Arrays.copyOfRange(times.get("parse"), 1, 1 + WARM_RUNS));
        if (engineOnly) {
            return new Row(fleet.clusters(), 0, Long.parseLong(times.get("files")[0]), engineCold, engineWarm, inMemory, accessCold, accessWarm,
                    parseCold, parseWarm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        sync();

        // Each mvn figure and the floor are the median of ROUNDS rounds, each round in this order:
        // one sample apiece swings by a second on a 2-core VM whose disk slows after mass deletes.
        Path timing = target.resolve("time.txt");
        List<Long> starts = new ArrayList<>();
        List<String[]> colds = new ArrayList<>();
        List<Long> noops = new ArrayList<>();
        List<Long> checks = new ArrayList<>();
        List<Long> floorWrites = new ArrayList<>();
        List<Long> floorReads = new ArrayList<>();
        long changed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            deleteTree(rendered);
            deleteTree(dir.resolve("target"));
            // Maven and the plugin starting, nothing rendered: what every goal pays before it does anything
            sync();
            starts.add(mvn(dir, timing, "dkp-mesh:help").millis());

            // end to end: mvn dkp-mesh:render, cold JVM, into an empty rendered/ (and no state of a last render)
            sync();
            mvn(dir, timing, "dkp-mesh:render");
            colds.add(Files.readString(timing).trim().split("\\s+"));
            Map<String, String> before = snapshot(rendered);

            sync();
            // the same command again: nothing may change
            noops.add(mvn(dir, timing, "dkp-mesh:render").millis());
            Map<String, String> after = snapshot(rendered);
            changed += before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count()
                    + after.keySet().stream().filter(k -> !before.containsKey(k)).count();
            checks.add(mvn(dir, timing, "dkp-mesh:check").millis());

            // the floor: a plain loop writing the same files into an empty folder, then reading and comparing them
            long[] floor = floor(rendered, target.resolve("floor"));
            floorWrites.add(floor[0]);
            floorReads.add(floor[1]);
        }
        long start = median(starts);
        // the cold round of median wall time gives the CPU and memory figures too
        String[] t = colds.stream()
                .sorted(Comparator.comparingDouble((String[] c) -> Double.parseDouble(c[0])))
                .toList()
                .get(ROUNDS / 2);
        long render = Math.round(Double.parseDouble(t[0]) * 1000);
        double cpu = (Double.parseDouble(t[1]) + Double.parseDouble(t[2])) / Double.parseDouble(t[0]);
        long rss = Long.parseLong(t[3]);
        Map<String, String> before = snapshot(rendered);

        // kubectl kustomize over every cluster tree, one after another
        List<Path> trees;
        try (Stream<Path> list = Files.list(rendered.resolve("clusters"))) {
            trees = list.filter(Files::isDirectory).sorted().toList();
        }
        long objects = 0;
        long kustomize = 0;
        Path built = target.resolve("kustomize.yaml");
        for (Path tree : trees) {
            Exec build = execTo(built, rendered, "kubectl", "kustomize", tree.toString());
            kustomize += build.millis();
            objects += documents(built);
        }
        long files = before.keySet().stream().filter(p -> !p.startsWith(".dkp-mesh/")).count();
        return new Row(fleet.clusters(), objects, files, engineCold, engineWarm, inMemory, accessCold, accessWarm, parseCold, parseWarm, start,
                render, cpu, rss, median(noops), changed, median(checks), kustomize, median(floorWrites), median(floorReads));
    }

    /**
     * Writes every file of {@code tree} into the empty folder {@code scratch} with a plain loop
     * (create the folders, write the bytes), then reads them back and compares them; dirty pages
     * are flushed before each timed part. Returns both times in milliseconds.
     */
    static long[] floor(Path tree, Path scratch) throws Exception {
        deleteTree(scratch);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(tree.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        sync();
        long start = System.nanoTime();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = scratch.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        long write = (System.nanoTime() - start) / 1_000_000;
        sync();
        start = System.nanoTime();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!Arrays.equals(Files.readAllBytes(scratch.resolve(file.getKey())), file.getValue())) {
                throw new IllegalStateException("the floor's copy of " + file.getKey() + " differs");
            }
        }
        long read = (System.nanoTime() - start) / 1_000_000;
        deleteTree(scratch);
        return new long[] {write, read};
    }

    /** This JVM's class path with absolute entries: the child runs in the case folder. */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    static long median(List<Long> millis) {
        return millis.stream().sorted().toList().get(millis.size() / 2);
    }

    private static long median(String[] millis) {
        long[] sorted = Arrays.stream(millis).mapToLong(Long::parseLong).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private Exec mvn(Path dir, Path timing, String goal) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timing.toString()));
        command.addAll(maven());
        command.addAll(List.of("-f", dir.resolve("pom.xml").toString(), goal));
        return exec(dir, command.toArray(String[]::new));
    }

    /** The Maven this run measures, quiet, with the run's offline and local repository settings. */
    List<String> maven() {
        List<String> command = new ArrayList<>(List.of(maven, "-B", "-q", "-ntp"));
        if (offline) {
            command.add("-o");
        }
        localRepo.ifPresent(local -> command.add("-Dmaven.repo.local=" + local));
        return command;
    }

    /** Top-level objects in kustomize output: one {@code kind:} at column 0 each. */
    private static long documents(Path yaml) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
            return in.lines().filter(line -> line.startsWith("kind: ")).count();
        }
    }

    /**
     * {@code kubectl kustomize} over every {@code clusters/*} of a rendered tree, one after another,
     * each build written to {@code out}; returns the total milliseconds.
     */
    static long kustomizeEach(Path rendered, Path out) throws Exception {
        List<Path> trees;
        try (Stream<Path> list = Files.list(rendered.resolve("clusters"))) {
            trees = list.filter(Files::isDirectory).sorted().toList();
        }
        long total = 0;
        for (Path tree : trees) {
            total += execTo(out, rendered, "kubectl", "kustomize", tree.toString()).millis();
        }
        return total;
    }

    /** Every file under the tree with its size and mtime in nanoseconds. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                files.put(root.relativize(file).toString().replace('\\', '/'), a.size() + "@" + a.lastModifiedTime().toInstant());
            }
        }
        return files;
    }

    record Exec(long millis, String stdout) {
    }

    static Exec exec(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile("bench", ".out");
        try {
            return execTo(out, dir, command);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Exec execTo(Path stdout, Path dir, String... command) throws Exception {
        Path err = Files.createTempFile("bench", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(err.toFile());
            long start = System.nanoTime();
            int code = builder.start().waitFor();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String output = Files.readString(stdout);
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with " + code + ":\n" + output + Files.readString(err));
            }
            return new Exec(millis, output);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String kubectl(Path here) throws Exception {
        return ", " + exec(here, "kubectl", "version", "--client").stdout().trim().replace("\n", ", ");
    }

    private String machine() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        String kubectl = engineOnly ? "" : ", " + exec(here, "kubectl", "version", "--client").stdout().trim().replace("\n", ", ");
        String mavenVersion = engineOnly ? "" : ". Maven: `" + maven + "`, "
                + exec(here, maven, "-B", "-v").stdout().lines().findFirst().orElse("").replaceAll("\u001B\\[[0-9;]*m", "").trim();
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), Java " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + kubectl + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + mavenVersion;
    }

    private String report(Map<Model, List<Row>> rows, String machine, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder("# dkp-mesh benchmark\n\n");
        md.append(machine).append(".  \nLoad average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(".\n\n");
        md.append("Engine: `DkpMesh.render` in process into a fresh folder, a cold JVM's first run and the median of ")
                .append(WARM_RUNS).append(" warm runs (both include writing the tree); in memory: `renderInMemory`, validate, render and self-check ")
                .append("without the file system, median of ").append(WARM_RUNS).append(" warm runs; access cold / warm: of the engine's cold ")
                .append("render and of its warm ones (median), the time spent on the access matrix, as the engine's step timings give it: ")
                .append("evaluate every caller of every target from the rendered objects, write ACCESS.md, compare with the topology (DKPM540); ")
                .append("parse: reading the rendered files the matrix needs, which the self-check then reuses instead of parsing them itself. ")
                .append("`mvn` is the Maven named in the first line. Every mvn figure is a cold JVM, and the median of ").append(ROUNDS).append(" rounds, as are the floor's; ")
                .append("each round runs, in this order: start, `mvn -q dkp-mesh:help` (Maven and the ")
                .append("plugin starting, nothing rendered); cold, `mvn -q dkp-mesh:render` into an empty `rendered/` with no state ")
                .append("of a last render (CPU (user+sys)/wall and peak RSS of the median cold round; above 1.0: both cores used); ")
                .append("no-op, the same command again (files written in brackets, all rounds together); check, ")
                .append("`mvn -q dkp-mesh:check` on that tree; the floor: a plain loop in this benchmark's warm JVM writing the same ")
                .append("files into an empty folder (create folders, write bytes), and reading them back and comparing. kustomize: ")
                .append("`kubectl kustomize` over every `rendered/clusters/*`, one after another. Dirty pages are flushed (`sync`) before ")
                .append("each timed write.\n");
        rows.forEach((model, list) -> {
            md.append("\n## Istio ").append(model.id()).append("\n\n");
            if (engineOnly) {
                md.append("| N | files | engine cold | engine warm | in memory | access cold | access warm | parse cold | parse warm |\n");
                md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Row r : list) {
                    md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", r.clusters(), r.files(),
                            seconds(r.engineCold()), seconds(r.engineWarm()), seconds(r.inMemory()), seconds(r.accessCold()), seconds(r.accessWarm()),
                            seconds(r.parseCold()), seconds(r.parseWarm())));
                }
                return;
            }
            md.append("| N | objects | files | engine cold | engine warm | in memory | access cold | access warm | parse cold | start | cold | CPU | peak RSS | no-op | check | floor write | floor read | kustomize |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : list) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %d MiB | %s (%d) | %s | %s | %s | %s |%n",
                        r.clusters(), r.objects(), r.files(), seconds(r.engineCold()), seconds(r.engineWarm()), seconds(r.inMemory()),
                        seconds(r.accessCold()), seconds(r.accessWarm()), seconds(r.parseCold()), seconds(r.start()), seconds(r.render()), r.cpu(), r.rssKiB() / 1024, seconds(r.noop()),
                        r.noopChanged(), seconds(r.check()), seconds(r.floorWrite()), seconds(r.floorRead()), seconds(r.kustomize())));
            }
            md.append("\n| N | no-op / (start + 1.0 s) | no-op / cold | cold / kustomize | cold / (1.5 x (start + floor write)) |\n");
            md.append("|---:|---:|---:|---:|---:|\n");
            for (Row r : list) {
                md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f |%n", r.clusters(), r.noopOverStart(), r.noopOverCold(),
                        r.ratio(), r.coldOverFloor()));
            }
        });
        md.append("\n## Targets\n\n");
        rows.forEach((model, list) -> row(rows, model, 100).ifPresent(r -> md.append(verdict(r.accessCold() <= ACCESS_TARGET_MILLIS,
                String.format(Locale.ROOT, "%s N=100 with access rules on %d services: access matrix %s in the cold JVM's render, %s warm "
                        + "(target well under 1 s: at most %s cold; reading the files, shared with the self-check: %s cold, %s warm)", model.id(),
                        Fleet.ACCESS_SERVICES, seconds(r.accessCold()), seconds(r.accessWarm()), seconds(ACCESS_TARGET_MILLIS),
                        seconds(r.parseCold()), seconds(r.parseWarm()))))));
        if (!engineOnly) {
            targets(rows, md);
        }
        return md.toString();
    }

    private static void targets(Map<Model, List<Row>> rows, StringBuilder md) {
        rows.forEach((model, list) -> row(rows, model, 100).ifPresent(r -> {
            md.append(verdict(r.noopChanged() == 0 && r.noopOverStart() <= 1.0, String.format(Locale.ROOT,
                    "%s N=100 no-op render %s, %d files written, Maven start %s: no-op / (start + 1.0 s) = %.2f (target 0 files, at most 1.0)",
                    model.id(), seconds(r.noop()), r.noopChanged(), seconds(r.start()), r.noopOverStart())));
            md.append(verdict(r.noopOverCold() <= 0.5, String.format(Locale.ROOT,
                    "%s N=100 no-op / cold render = %.2f (target at most 0.5)", model.id(), r.noopOverCold())));
            md.append(verdict(r.ratio() <= 0.30, String.format(Locale.ROOT,
                    "%s N=100 cold render / kustomize = %.2f (%s vs %s; target at most 0.30)", model.id(), r.ratio(), seconds(r.render()),
                    seconds(r.kustomize()))));
            md.append(verdict(r.coldOverFloor() <= 1.0, String.format(Locale.ROOT,
                    "%s N=100 cold render %s vs 1.5 x (start %s + floor %s) = %s: ratio %.2f (target at most 1.0)", model.id(),
                    seconds(r.render()), seconds(r.start()), seconds(r.floorWrite()), seconds(r.floorBudget()),
                    r.coldOverFloor())));
            // The three targets that involve the cold render bound it from both sides: the no-op's
            // from below, kustomize's and the floor's from above. Whether any cold time meets all
            // three is decided by this run's Maven start, floor and kustomize, not by the engine.
            long lowest = 2 * r.noop();
            long highest = Math.min(r.kustomizeBudget(), r.floorBudget());
            md.append(verdict(lowest <= r.render() && r.render() <= highest, String.format(Locale.ROOT,
                    "%s N=100 the cold render's window: at least 2 x no-op = %s, at most 0.30 x kustomize = %s and 1.5 x (start + floor) = %s; "
                            + "window %s to %s%s; cold %s",
                    model.id(), seconds(lowest), seconds(r.kustomizeBudget()), seconds(r.floorBudget()),
                    seconds(lowest), seconds(highest), lowest > highest ? " (empty: no cold time meets all three in this run)" : "",
                    seconds(r.render()))));
        }));
        rows.forEach((model, list) -> {
            Optional<Row> r50 = row(rows, model, 50);
            Optional<Row> r100 = row(rows, model, 100);
            if (r50.isPresent() && r100.isPresent()) {
                double objects = (double) r100.get().objects() / r50.get().objects();
                double warm = (double) r100.get().engineWarm() / r50.get().engineWarm();
                double cold = (double) r100.get().engineCold() / r50.get().engineCold();
                double memory = (double) r100.get().inMemory() / r50.get().inMemory();
                md.append(verdict(warm <= 4.6 && memory <= 4.6, String.format(Locale.ROOT,
                        "%s engine N=50 to N=100: warm %.2fx, in memory %.2fx (cold %.2fx) for %.2fx the objects (target at most 4.6x)",
                        model.id(), warm, memory, cold, objects)));
            }
            for (Row r : list) {
                md.append(verdict(r.noopChanged() == 0 && r.noopOverCold() <= 0.5, String.format(Locale.ROOT,
                        "%s N=%d no-op re-render: %d files written, %.2f of a cold render (target 0 and at most 0.5)", model.id(),
                        r.clusters(), r.noopChanged(), r.noopOverCold())));
            }
            row(rows, model, 200).ifPresent(r -> md.append(verdict(r.rssKiB() < 1024 * 1024, String.format(Locale.ROOT,
                    "%s N=200 peak RSS %d MiB (target under 1024 MiB)", model.id(), r.rssKiB() / 1024))));
            list.stream().filter(r -> r.clusters() >= 100).forEach(r -> md.append(verdict(r.cpu() > 1.0, String.format(Locale.ROOT,
                    "%s N=%d mvn render CPU (user+sys)/wall %.2f (both cores: above 1.0)", model.id(), r.clusters(), r.cpu()))));
        });
    }

    private static Optional<Row> row(Map<Model, List<Row>> rows, Model model, int clusters) {
        return rows.getOrDefault(model, List.of()).stream().filter(r -> r.clusters() == clusters).findFirst();
    }

    private static String verdict(boolean met, String what) {
        return "- " + (met ? "met" : "**missed**") + ": " + what + "\n";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
