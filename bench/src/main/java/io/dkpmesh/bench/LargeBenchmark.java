package io.dkpmesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Issue 31's large cases, each measured beside {@code kubectl kustomize} of the same trees and the
 * write floor in the same run, with the command line's launcher ({@code cli/target/dkp-mesh}): a
 * hub-and-spoke Istio federation of 4 hubs and 1,000 spokes, with a one-spoke change; Cilium
 * ClusterMesh full meshes of 255 and 511 clusters; and 10 clusters with 300 exported Services and an
 * access rule on each, with the engine's access matrix timed in a cold JVM. Writes
 * {@code bench/target/large-report.md}.
 *
 * <pre>bench/run --large [case ...]</pre>
 */
final class LargeBenchmark {

    /** Issue 31's targets. */
    private static final double KUSTOMIZE_RATIO = 0.25;

    private static final long RSS_LIMIT_KIB = 2L * 1024 * 1024;
    private static final long CHANGE_SLACK = 1000;
    private static final long ACCESS_TARGET = 500;

    /** One generated case: its name, topology and, for the one-spoke change, the topology after it. */
    record Case(String id, String what, String topology, String changed) {}

    private final Path target;
    private final Path launcher;

    LargeBenchmark(Path repo) {
        this.target = repo.resolve("bench/target");
        this.launcher = repo.resolve("cli/target/dkp-mesh");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("build the command line first: ./mvnw package -pl cli -am");
        }
    }

    static List<Case> cases() {
        return List.of(
                hubAndSpoke(4, 1000),
                cilium(255),
                cilium(511),
                services(10, 300));
    }

    /** Measured figures of one case, in milliseconds and KiB. */
    record Figures(long files, long cold, double cpu, long rssKib, long noop, long floor, long kustomize, long change,
                   long changedFiles, long access) {}

    void run(List<String> only, String machine) throws Exception {
        Files.createDirectories(target);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<Case, Figures> figures = new LinkedHashMap<>();
        for (Case c : cases()) {
            if (!only.isEmpty() && !only.contains(c.id())) {
                continue;
            }
            Figures f = measure(c);
            System.out.printf(Locale.ROOT, "%s: %s%n", c.id(), f);
            figures.put(c, f);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = report(figures, machine, loadBefore, loadAfter);
        Files.writeString(target.resolve("large-report.md"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(report);
    }

    private Figures measure(Case c) throws Exception {
        Path dir = target.resolve("cases/large-" + c.id());
        Benchmark.deleteTree(dir);
        Files.createDirectories(dir);
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, c.topology(), StandardCharsets.UTF_8);
        Path rendered = dir.resolve("rendered");
        Path timing = target.resolve("large-time.txt");
        String[] render = {"/usr/bin/time", "-f", "%e %U %S %M", "-o", timing.toString(), launcher.toString(), "render", "--quiet"};

        Benchmark.sync();
        long cold = Benchmark.exec(dir, render).millis();
        String[] time = Files.readString(timing).trim().split("\\s+");
        double cpu = Double.parseDouble(time[1]) + Double.parseDouble(time[2]);
        long rss = Long.parseLong(time[3]);
        Map<String, String> before = snapshot(rendered);

        Benchmark.sync();
        long noop = Benchmark.exec(dir, render).millis();
        if (!snapshot(rendered).equals(before)) {
            throw new IllegalStateException(c.id() + ": the no-op render changed files");
        }
        long floor = Benchmark.floor(rendered, target.resolve("floor"))[0];

        long kustomize = Benchmark.kustomizeEach(rendered, target.resolve("kustomize.yaml"));

        long change = 0;
        long changedFiles = 0;
        if (c.changed() != null) {
            Files.writeString(topology, c.changed(), StandardCharsets.UTF_8);
            Benchmark.sync();
            change = Benchmark.exec(dir, render).millis();
            Map<String, String> after = snapshot(rendered);
            changedFiles = after.entrySet().stream()
                            .filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
                            .count()
                    + before.keySet().stream().filter(k -> !after.containsKey(k)).count();
        }

        long access = -1;
        if (c.id().startsWith("services-")) {
            // the engine's own figure for the access matrix, in a JVM of its own so that cold means cold
            Path scratch = target.resolve("scratch");
            Benchmark.deleteTree(scratch);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String out = Benchmark.exec(dir, java, "-cp", Benchmark.classPath(), Benchmark.class.getName(), "engine",
                            topology.toString(), scratch.toString())
                    .stdout();
            Benchmark.deleteTree(scratch);
            access = out.lines()
                    .filter(line -> line.startsWith("access "))
                    .map(line -> Long.parseLong(line.split(" ")[1]))
                    .findFirst()
                    .orElseThrow();
        }
        return new Figures(before.size(), cold, cpu, rss, noop, floor, kustomize, change, changedFiles, access);
    }

    /** Every file under the tree with its size and mtime, but the engine's own state in {@code .dkp-mesh/}. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = Benchmark.snapshot(root);
        files.keySet().removeIf(name -> name.startsWith(".dkp-mesh/"));
        return files;
    }

    private String report(Map<Case, Figures> figures, String machine, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder("# dkp-mesh large cases (issue 31)\n\n");
        md.append(machine).append(".  \nLoad average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(".\n\nEach figure is one run of the launcher `cli/target/dkp-mesh render --quiet` in the case folder: ")
                .append("cold into an empty `rendered/` with no state of a last render (wall, CPU = user + sys, peak RSS from ")
                .append("`/usr/bin/time`), then the no-op (the same command again, which must change no file), the floor (a plain loop ")
                .append("writing the same files into an empty folder), and `kubectl kustomize` over every `rendered/clusters/*`, one ")
                .append("after another.\n\n");
        md.append("| case | files | cold | CPU | peak RSS | no-op | floor | kustomize | cold / kustomize |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        figures.forEach((c, f) -> md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f s | %d MiB | %s | %s | %s | %.3f |%n",
                c.what(), f.files(), seconds(f.cold()), f.cpu(), f.rssKib() / 1024, seconds(f.noop()), seconds(f.floor()),
                seconds(f.kustomize()), f.cold() / (double) f.kustomize())));
        md.append("\n## Targets\n\n");
        figures.forEach((c, f) -> {
            md.append(verdict(f.cold() <= KUSTOMIZE_RATIO * f.kustomize(), String.format(Locale.ROOT,
                    "%s: cold %s at most %.2f x kustomize %s", c.what(), seconds(f.cold()), KUSTOMIZE_RATIO, seconds(f.kustomize()))));
            md.append(verdict(f.rssKib() < RSS_LIMIT_KIB, String.format(Locale.ROOT, "%s: peak RSS %d MiB under 2 GiB", c.what(),
                    f.rssKib() / 1024)));
            if (c.changed() != null) {
                md.append(verdict(f.change() <= f.noop() + CHANGE_SLACK, String.format(Locale.ROOT,
                        "%s, one spoke changed: %s at most the no-op %s + 1 s, writing %d files", c.what(), seconds(f.change()),
                        seconds(f.noop()), f.changedFiles())));
            }
            if (f.access() >= 0) {
                md.append(verdict(f.access() <= ACCESS_TARGET, String.format(Locale.ROOT,
                        "%s: access matrix %s of engine time in a cold JVM (target at most %s)", c.what(), seconds(f.access()),
                        seconds(ACCESS_TARGET))));
            }
        });
        return md.toString();
    }

    private static String verdict(boolean met, String what) {
        return "- " + (met ? "met" : "**missed**") + ": " + what + "\n";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    // ---- the generated topologies ----

    private static final String HEAD = "apiVersion: dkp-mesh.io/v1alpha1\nkind: MeshTopology\nmetadata:\n  name: %s\nspec:\n  clusters:\n";

    /** Pod subnets 10.0.0.0/8 cut into /22s, Service subnets 172.16.0.0/12 into /24s: room for 4,096 clusters. */
    private static String subnets(int i) {
        return String.format(Locale.ROOT, "      podSubnetCIDR: 10.%d.%d.0/22\n      serviceSubnetCIDR: 172.%d.%d.0/24\n",
                i >> 6, (i & 63) << 2, 16 + (i >> 8), i & 255);
    }

    private static void istioCluster(StringBuilder y, String name, int i) {
        y.append("    - name: ").append(name).append("\n      edition: EE\n      region: ")
                .append(i % 2 == 0 ? "eu-west" : "ru-central").append("\n      network: net-").append(name)
                .append("\n      clusterDomain: ").append(name).append(".local\n      publicDomain: k8s-").append(name)
                .append(".example.com\n").append(subnets(i)).append("      apiServer: https://api.k8s-").append(name)
                .append(".example.com:6443\n");
    }

    /**
     * An Istio federation of {@code hubs} hubs and {@code spokes} spokes: every cluster exports
     * {@code shop/catalog}, hubs also {@code shop/payments} with an access rule; the change adds an
     * export to one spoke.
     */
    static Case hubAndSpoke(int hubs, int spokes) {
        List<String> names = new ArrayList<>();
        StringBuilder y = new StringBuilder(String.format(Locale.ROOT, HEAD, "bench-hub-and-spoke"));
        for (int h = 1; h <= hubs; h++) {
            names.add("hub" + h);
        }
        for (int s = 1; s <= spokes; s++) {
            names.add(String.format(Locale.ROOT, "s%04d", s));
        }
        for (int i = 0; i < names.size(); i++) {
            istioCluster(y, names.get(i), i + 1);
        }
        y.append("  meshes:\n    - name: fleet\n      type: federation\n      provider: istio\n      clusters: [")
                .append(String.join(", ", names)).append("]\n      hubs: [").append(String.join(", ", names.subList(0, hubs)))
                .append("]\n      ingressGateway: {inlet: NodePort, nodePort: 30443}\n      exports:\n");
        for (int i = 0; i < names.size(); i++) {
            y.append("        - {cluster: ").append(names.get(i)).append(", namespace: shop, service: catalog}\n");
            if (i < hubs) {
                y.append("        - {cluster: ").append(names.get(i)).append(", namespace: shop, service: payments}\n");
            }
        }
        String tail = "      access:\n        - {namespace: shop, service: payments, from: [{namespace: checkout}]}\n";
        String changed = y.toString().replace(
                        "        - {cluster: s0500, namespace: shop, service: catalog}\n",
                        "        - {cluster: s0500, namespace: shop, service: catalog}\n"
                                + "        - {cluster: s0500, namespace: shop, service: reviews}\n")
                + tail;
        return new Case("hub-and-spoke-" + hubs + "x" + spokes, "Istio federation, " + hubs + " hubs and " + spokes + " spokes",
                y + tail, changed);
    }

    /** A Cilium ClusterMesh full mesh of {@code n} clusters, one shared namespace. */
    static Case cilium(int n) {
        StringBuilder y = new StringBuilder(String.format(Locale.ROOT, HEAD, "bench-cilium-" + n));
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = String.format(Locale.ROOT, "c%03d", i);
            names.add(name);
            y.append("    - name: ").append(name).append("\n      edition: CE\n      region: ru-central\n").append(subnets(i))
                    .append("      cilium:\n        id: ").append(i).append("\n        install: helm\n")
                    .append("        apiserver: {address: clustermesh.k8s-").append(name).append(".example.com, port: 2379}\n");
        }
        y.append("  meshes:\n    - name: fleet\n      type: multicluster\n      provider: cilium\n      clusters: [")
                .append(String.join(", ", names)).append("]\n      namespaces: [shop]\n");
        if (n > 255) {
            y.append("      cilium: {maxConnectedClusters: 511}\n");
        }
        y.append("      access:\n        - namespace: shop\n          service: payments\n          from: [{namespace: checkout}]\n");
        return new Case("cilium-" + n, "Cilium ClusterMesh, full mesh of " + n, y.toString(), null);
    }

    /** An Istio federation of {@code n} clusters, each exporting {@code services} Services with an access rule on each. */
    static Case services(int n, int services) {
        StringBuilder y = new StringBuilder(String.format(Locale.ROOT, HEAD, "bench-services"));
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = String.format(Locale.ROOT, "c%03d", i);
            names.add(name);
            istioCluster(y, name, i);
        }
        y.append("  meshes:\n    - name: fleet\n      type: federation\n      provider: istio\n      clusters: [")
                .append(String.join(", ", names)).append("]\n      ingressGateway: {inlet: NodePort, nodePort: 30443}\n      exports:\n");
        for (String name : names) {
            for (int s = 1; s <= services; s++) {
                y.append(String.format(Locale.ROOT, "        - {cluster: %s, namespace: app%d, service: svc%03d}\n", name, s % 10, s));
            }
        }
        y.append("      access:\n");
        for (int s = 1; s <= services; s++) {
            y.append(String.format(Locale.ROOT,
                    "        - {namespace: app%d, service: svc%03d, from: [{namespace: checkout}, {cluster: %s, namespace: ops}]}\n",
                    s % 10, s, names.get(s % n)));
        }
        return new Case("services-" + n + "x" + services, n + " clusters, " + services + " exported Services with access rules each",
                y.toString(), null);
    }
}
