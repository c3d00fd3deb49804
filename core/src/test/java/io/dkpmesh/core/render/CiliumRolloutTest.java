package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.CiliumChart;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.validate.TopologyValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The rollout from a cluster with a default Cilium install (release {@code cilium} in kube-system, chart defaults)
 * to a working ClusterMesh, as the controllers that read our objects run it. Each test models one controller from
 * its source; docs/cilium.md ("Rollout") names the test beside each step.
 *
 * <ul>
 *   <li>Helm: an upgrade deletes every object of the old manifest the new one lacks, unless the live object is
 *       annotated {@code helm.sh/resource-policy: keep} (helm/helm {@code pkg/action/upgrade.go} calls
 *       {@code KubeClient.Update(current, target)}; {@code pkg/kube/client.go} {@code Update} walks
 *       {@code originals.Difference(targets)} and reads the live object's annotations).</li>
 *   <li>helm-controller: no release in storage means install (fluxcd/helm-controller
 *       {@code internal/reconcile/state.go} {@code ReleaseStatusAbsent}; {@code atomic_release.go} {@code NewInstall});
 *       a release it did not make means upgrade ({@code ReleaseStatusUnmanaged}); Ready after Helm's wait.</li>
 *   <li>kustomize-controller: a Kustomization reconciles only once every {@code dependsOn} is Ready at the same
 *       revision ({@code internal/controller/kustomization_controller.go} {@code checkDependencies}); it is Ready
 *       only once every health-checked object is Current ({@code checkHealth}), an absent one never is, and
 *       {@code healthCheckExprs} decide Current by CEL (fluxcd/pkg {@code runtime/cel/status_evaluator.go}: not
 *       true is InProgress).</li>
 *   <li>gitops-engine: a sync wave starts once every resource of the waves before is Healthy; a kind without a
 *       health check counts as healthy at once ({@code pkg/sync/sync_context.go}, "some objects ... do not have
 *       health, and they automatically success"), and an Application has none unless argocd-cm restores it
 *       (argo-cd {@code docs/operator-manual/health.md}, "Argocd App", removed in 1.8).</li>
 * </ul>
 */
class CiliumRolloutTest {

    static final List<String> VERSIONS = CiliumChart.VERSIONS;

    private static final Path EXAMPLE = Path.of("..", "examples", "cilium-clustermesh");
    private static final Path FLUX = EXAMPLE.resolve("rendered/gitops/flux/ekb");
    private static final Path ARGOCD = GoldenCases.ROOT.resolve("gitops-argocd");

    /** The values of member ekb exactly as its HelmRelease carries them. */
    private static Path values;
    /** Makes the chart render the certgen job spec as a CronJob too (in 1.18 the Job is a hook, left out). */
    private static Path schedule;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void writeValues(@TempDir Path dir) throws Exception {
        Map<String, Object> release = yamlMap(FLUX.resolve("cilium/helmrelease.yaml"));
        Map<String, Object> spec = (Map<String, Object>) release.get("spec");
        values = Files.writeString(
                dir.resolve("values.yaml"),
                new Dump(DumpSettings.builder().build()).dumpToString(spec.get("values")),
                StandardCharsets.UTF_8);
        schedule = Files.writeString(
                dir.resolve("schedule.yaml"),
                "clustermesh: {apiserver: {tls: {auto: {schedule: \"0 0 1 */4 *\"}}}}\n"
                        + "hubble: {tls: {auto: {schedule: \"0 0 1 */4 *\"}}}\n");
    }

    /**
     * Point 1. The old release (chart defaults: hubble TLS method helm) owns Secret cilium-ca
     * ({@code templates/cilium-ca-secret.yaml}); our values render it no more, so Helm deletes it in the upgrade,
     * the CA certgen signs with ({@code templates/clustermesh-apiserver/tls-cronjob/_job-spec.tpl}:
     * {@code --ca-secret-name}, {@code --ca-reuse-secret}). The rendered preflight lets the upgrade start only once
     * the live Secret is kept, and then nothing the new release reads is deleted.
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void theUpgradeFromTheChartDefaultsStartsOnlyOnceTheCaIsKeptAndThenKeepsIt(String version) throws Exception {
        List<Map<String, Object>> original = CiliumChart.template(version);
        List<Map<String, Object>> target = CiliumChart.template(version, values);
        Set<String> deleted = new TreeSet<>(keys(original));
        deleted.removeAll(keys(target));
        assertThat(deleted).as("Helm deletes original - target").contains("Secret/kube-system/cilium-ca");

        Set<String> caSecrets = new TreeSet<>();
        for (Map<String, Object> object : CiliumChart.template(version, values, schedule)) {
            for (String arg : argsOf(object)) {
                if (arg.startsWith("--ca-secret-name=")) {
                    caSecrets.add("Secret/kube-system/" + arg.substring("--ca-secret-name=".length()));
                }
            }
        }
        assertThat(caSecrets)
                .as("every certgen of the new release signs with")
                .containsExactly("Secret/kube-system/cilium-ca");

        Map<String, Object> liveCa =
                CiliumChart.find(original, "Secret", "cilium-ca").orElseThrow();
        Predicate<Map<String, Object>> preflight = secretCurrent(yamlMap(FLUX.resolve("cilium-preflight.yaml")));
        assertThat(preflight.test(liveCa))
                .as("the default install's cilium-ca is not kept: the preflight holds the upgrade back")
                .isFalse();

        Map<String, Object> kept = annotated(liveCa, "helm.sh/resource-policy", "keep");
        assertThat(preflight.test(kept)).as("once kept, the upgrade may start").isTrue();
        Set<String> deletedAfterKeep = new TreeSet<>(deleted);
        deletedAfterKeep.remove("Secret/kube-system/cilium-ca"); // pkg/kube/client.go: the live object says keep
        assertThat(deletedAfterKeep)
                .as("the upgrade deletes nothing certgen reads")
                .doesNotContainAnyElementsOf(caSecrets);
        assertThat(preflight.test(annotated(liveCa, "helm.sh/resource-policy", "delete")))
                .isFalse();
    }

    /**
     * Point 2. From 1.19 the certgen Job is a plain object that Helm and Argo CD apply with the rest (cilium issue
     * 42045); up to 1.18 it is a post-install/post-upgrade hook, which {@code helm template} (and so Argo CD's
     * manifests and helm-java here) leaves out of the manifest. The chartVersion rule refuses exactly the charts
     * where the Job is a hook, at the line of {@code chartVersion}.
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void aChartWhoseCertgenJobIsAHookIsRefusedAtTheChartVersionLine(String version) throws Exception {
        boolean plainJob = CiliumChart.template(version, values).stream()
                .anyMatch(
                        o -> "Job".equals(o.get("kind")) && name(o).startsWith("clustermesh-apiserver-generate-certs"));
        String topology = Files.readString(GoldenCases.ROOT.resolve("gitops-flux/topology.yaml"))
                .replace("cilium: {chartVersion: 1.19.6}", "cilium: {chartVersion: " + version + "}");
        int line = lineOf(topology, "chartVersion");

        List<Finding> refused = validate(topology).stream()
                .filter(f -> f.code().equals(FindingCode.CILIUM_CHART_VERSION.code()))
                .toList();

        assertThat(refused.isEmpty())
                .as("cilium %s: certgen Job is a plain object", version)
                .isEqualTo(plainJob);
        if (!plainJob) {
            assertThat(refused).singleElement().satisfies(f -> {
                assertThat(f.isError()).isTrue();
                assertThat(f.line()).isEqualTo(line);
                assertThat(f.pointer()).isEqualTo("/spec/gitops/cilium/chartVersion");
                assertThat(f.message()).contains("42045", "tls-cronjob/job.yaml");
            });
        }
    }

    /**
     * Point 3. The agents read cluster-name and cluster-id only at start; the DaemonSet's pod template carries a
     * checksum of cilium-config with rollOutCiliumPods ({@code templates/cilium-agent/daemonset.yaml}), and the
     * operator's with operator.rollOutPods ({@code templates/cilium-operator/deployment.yaml}). So the upgrade
     * from the defaults changes both pod templates, and Kubernetes restarts every agent and the operator; Helm's
     * wait (and with it the HelmRelease's Ready) lasts until they run.
     */
    @ParameterizedTest(name = "cilium {0}")
    @FieldSource("VERSIONS")
    void theUpgradeRestartsEveryAgentAndTheOperator(String version) {
        List<Map<String, Object>> original = CiliumChart.template(version);
        List<Map<String, Object>> target = CiliumChart.template(version, values);
        for (String[] workload :
                List.of(new String[] {"DaemonSet", "cilium"}, new String[] {"Deployment", "cilium-operator"})) {
            Map<String, Object> before = podTemplateAnnotations(
                    CiliumChart.find(original, workload[0], workload[1]).orElseThrow());
            Map<String, Object> after = podTemplateAnnotations(
                    CiliumChart.find(target, workload[0], workload[1]).orElseThrow());
            assertThat(after)
                    .as("%s %s: pod template annotations", workload[0], workload[1])
                    .containsKey("cilium.io/cilium-configmap-checksum")
                    .isNotEqualTo(before);
        }
    }

    /**
     * Points 3 and 4 under Flux: kustomize-controller and helm-controller modelled on the rendered Kustomizations,
     * in three clusters. Without Cilium, nothing is applied (no HelmRelease, so helm-controller installs nothing);
     * with the default install and its CA not kept, nothing either; once kept, the HelmRelease is applied, and the
     * mesh phase, whose policies select the member's cluster name, only after the HelmRelease is Ready.
     */
    @Test
    void fluxAppliesTheMeshOnlyAfterTheCiliumUpgradeIsReadyAndNeverInstallsCilium() throws Exception {
        Map<String, Map<String, Object>> kustomizations = new TreeMap<>();
        for (Map<String, Object> object : build(FLUX)) {
            kustomizations.put(name(object), object);
        }
        assertThat(kustomizations).containsOnlyKeys("logistics-cilium-preflight", "logistics-cilium", "logistics-mesh");

        Map<String, Object> defaultCa = CiliumChart.find(CiliumChart.template("1.19.6"), "Secret", "cilium-ca")
                .orElseThrow();
        // no Cilium at all: no DaemonSet, no release, no CA
        assertThat(run(kustomizations, new Cluster(false, null))).isEmpty();
        // the chart's default install
        assertThat(run(kustomizations, new Cluster(true, defaultCa))).isEmpty();
        // after step "keep the CA"
        assertThat(run(kustomizations, new Cluster(true, annotated(defaultCa, "helm.sh/resource-policy", "keep"))))
                .containsExactly(
                        "apply logistics-cilium-preflight (nothing)",
                        "apply HelmRelease logistics-cilium: upgrade of release cilium",
                        "HelmRelease logistics-cilium Ready",
                        "apply logistics-mesh");

        Map<String, Object> release = yamlMap(FLUX.resolve("cilium/helmrelease.yaml"));
        assertThat(at(release, "spec", "install", "disableTakeOwnership"))
                .as("an install onto a Cilium that is not a release fails instead of taking it over"
                        + " (helm-controller internal/action/install.go: TakeOwnership = !disableTakeOwnership)")
                .isEqualTo(true);
        assertThat(at(kustomizations.get("logistics-cilium"), "spec", "prune"))
                .as("deleting the Kustomization leaves the HelmRelease (its deletion uninstalls the CNI)")
                .isEqualTo(false);
    }

    /**
     * Point 3 under Argo CD: an app of apps syncing gitops/argocd runs the Cilium Applications a wave before the
     * ApplicationSet, whose Applications carry the mesh policies. gitops-engine waits for a wave's resources to be
     * Healthy; an Application is healthy at once unless argocd-cm restores its health check, so docs/cilium.md
     * has that as a step. With it, the cluster trees come only after the human-synced Cilium chart is Healthy.
     */
    @Test
    void argoCdCreatesTheClusterTreesOnlyAfterTheCiliumApplicationsAreHealthy(@TempDir Path work) throws Exception {
        Path out = GitopsBootstrapTest.render(ARGOCD, work);
        List<Map<String, Object>> objects = build(out.resolve("gitops/argocd"));
        Map<Integer, List<String>> waves = new TreeMap<>();
        for (Map<String, Object> object : objects) {
            Object wave = at(object, "metadata", "annotations", "argocd.argoproj.io/sync-wave");
            waves.computeIfAbsent(wave == null ? 0 : Integer.parseInt((String) wave), w -> new ArrayList<>())
                    .add(object.get("kind") + "/" + name(object));
        }
        assertThat(waves)
                .containsExactly(
                        Map.entry(-1, List.of("Application/fleet-ekb-cilium", "Application/fleet-nsk-cilium")),
                        Map.entry(0, List.of("ApplicationSet/fleet")));
        for (Map<String, Object> object : objects) {
            if ("Application".equals(object.get("kind"))) {
                assertThat(at(object, "spec", "syncPolicy"))
                        .as("a human syncs the CNI")
                        .isNull();
            }
        }

        // gitops-engine's wave loop over these objects, the Cilium Applications not yet synced (health Missing)
        assertThat(syncedBeforeCiliumIsHealthy(waves, false))
                .as("without the Application health check the ApplicationSet is applied at once")
                .contains("ApplicationSet/fleet");
        assertThat(syncedBeforeCiliumIsHealthy(waves, true))
                .as("with it restored (docs/cilium.md), the wave of the cluster trees waits")
                .doesNotContain("ApplicationSet/fleet");
    }

    /** Wave by wave: applies a wave, then goes on only while every resource of it is healthy. */
    private static List<String> syncedBeforeCiliumIsHealthy(
            Map<Integer, List<String>> waves, boolean applicationHealth) {
        List<String> applied = new ArrayList<>();
        for (List<String> wave : waves.values()) {
            applied.addAll(wave);
            boolean healthy = wave.stream()
                    .allMatch(resource -> !resource.startsWith("Application/")
                            || !applicationHealth // no health check: "automatically success"
                            || !resource.endsWith("-cilium")); // a Cilium Application is Missing until synced
            if (!healthy) {
                break;
            }
        }
        return applied;
    }

    /** A cluster as kustomize-controller and helm-controller see it. */
    private record Cluster(boolean ciliumRuns, Map<String, Object> ca) {}

    /**
     * Reconciles the Kustomizations until nothing changes: each runs once its dependencies are Ready; health checks
     * of an absent object never pass; a Secret is Current when the rendered CEL says so; the HelmRelease is Ready
     * after its upgrade (a release exists wherever the agent DaemonSet runs, in this model).
     */
    @SuppressWarnings("unchecked")
    private static List<String> run(Map<String, Map<String, Object>> kustomizations, Cluster cluster) {
        List<String> events = new ArrayList<>();
        Set<String> ready = new TreeSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map<String, Object> k : kustomizations.values()) {
                String name = name(k);
                if (ready.contains(name)) {
                    continue;
                }
                List<Object> dependsOn = (List<Object>) at(k, "spec", "dependsOn");
                if (dependsOn != null
                        && !dependsOn.stream().allMatch(d -> ready.contains(((Map<String, Object>) d).get("name")))) {
                    continue;
                }
                Predicate<Map<String, Object>> secretCurrent = secretCurrent(k);
                boolean healthy = true;
                List<Object> checks = (List<Object>) at(k, "spec", "healthChecks");
                for (Object o : checks == null ? List.of() : checks) {
                    Map<String, Object> check = (Map<String, Object>) o;
                    healthy &= switch ((String) check.get("kind")) {
                        case "DaemonSet" -> cluster.ciliumRuns();
                        case "Secret" -> cluster.ca() != null && secretCurrent.test(cluster.ca());
                        case "CustomResourceDefinition" -> true;
                        default -> throw new AssertionError(check);
                    };
                }
                if (!healthy) {
                    continue;
                }
                String path = (String) at(k, "spec", "path");
                if (path.endsWith("/cilium")) {
                    events.add("apply HelmRelease " + name + ": "
                            + (cluster.ciliumRuns() ? "upgrade of release cilium" : "install of a second Cilium"));
                    events.add("HelmRelease " + name + " Ready");
                } else {
                    events.add("apply " + name + (path.endsWith("/cilium-preflight") ? " (nothing)" : ""));
                }
                ready.add(name);
                progress = true;
            }
        }
        return events;
    }

    /** The rendered healthCheckExprs for v1 Secret as fluxcd/pkg runtime/cel runs them: the object's fields as variables. */
    @SuppressWarnings("unchecked")
    private static Predicate<Map<String, Object>> secretCurrent(Map<String, Object> kustomization) {
        List<Object> exprs = (List<Object>) at(kustomization, "spec", "healthCheckExprs");
        String current = exprs == null
                ? "true"
                : exprs.stream()
                        .map(e -> (Map<String, Object>) e)
                        .filter(e -> "v1".equals(e.get("apiVersion")) && "Secret".equals(e.get("kind")))
                        .map(e -> (String) e.get("current"))
                        .findFirst()
                        .orElse("true");
        return object -> {
            try {
                var builder = CelFactory.standardCelBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
                for (String field : object.keySet()) {
                    builder.addVar(field, SimpleType.DYN);
                }
                Cel cel = builder.build();
                return (Boolean)
                        cel.createProgram(cel.compile(current).getAst()).eval(object);
            } catch (Exception e) {
                throw new AssertionError(current, e);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotated(Map<String, Object> object, String key, String value) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) object.get("metadata"));
        Map<String, Object> annotations = metadata.get("annotations") == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>((Map<String, Object>) metadata.get("annotations"));
        annotations.put(key, value);
        metadata.put("annotations", annotations);
        copy.put("metadata", metadata);
        return copy;
    }

    private static Set<String> keys(List<Map<String, Object>> objects) {
        Set<String> keys = new TreeSet<>();
        for (Map<String, Object> object : objects) {
            Object namespace = at(object, "metadata", "namespace");
            keys.add(object.get("kind") + "/" + (namespace == null ? "" : namespace) + "/" + name(object));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static List<String> argsOf(Map<String, Object> object) {
        Object spec = "CronJob".equals(object.get("kind"))
                ? at(object, "spec", "jobTemplate", "spec", "template", "spec")
                : at(object, "spec", "template", "spec");
        List<String> args = new ArrayList<>();
        if (!(spec instanceof Map<?, ?> podSpec) || !(podSpec.get("containers") instanceof List<?> containers)) {
            return args;
        }
        for (Object container : containers) {
            Object list = ((Map<String, Object>) container).get("args");
            if (list instanceof List<?> values) {
                values.forEach(v -> args.add(String.valueOf(v)));
            }
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podTemplateAnnotations(Map<String, Object> workload) {
        Object annotations = at(workload, "spec", "template", "metadata", "annotations");
        return annotations == null ? Map.of() : (Map<String, Object>) annotations;
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(at(object, "metadata", "name"));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> object, String... path) {
        Object current = object;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlMap(Path file) throws Exception {
        return (Map<String, Object>)
                new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Map<String, Object>> build(Path folder) {
        Kubectl.Build build = Kubectl.kustomize(folder);
        assertThat(build.exitCode()).as(build.output()).isZero();
        return CiliumChart.objects(build.output());
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    private static List<Finding> validate(String yaml) {
        Path dir = Path.of("target");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), dir, dir)
                .findings();
    }
}
