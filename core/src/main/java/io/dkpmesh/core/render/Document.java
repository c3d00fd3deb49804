package io.dkpmesh.core.render;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file to render: which template, with what data, to which path of the tree.
 *
 * @param cluster  the cluster whose tree holds it; empty for fleet-wide files (gitops)
 * @param path     path inside the output directory, with {@code /}
 * @param template template name, such as {@code istiofederation.yaml.ftl}
 * @param model    the template's data: maps, lists, strings, numbers and booleans only
 * @param phase    apply order: modules before the objects their settings enable
 * @param resource true when the cluster's kustomization lists it
 */
public record Document(
        Optional<String> cluster,
        String path,
        String template,
        Map<String, Object> model,
        Phase phase,
        boolean resource) {

    public Document {
        model = Map.copyOf(model);
    }

    /** An object of a cluster, in the folder of its phase: {@code clusters/<cluster>/<phase>/<file>}. */
    /**
     * The shape of every path that belongs to one cluster: {@code clusters/<cluster>/...} and
     * {@code gitops/flux/<cluster>/...}; group 2 is the cluster.
     */
    public static final Pattern CLUSTER_PATH = Pattern.compile("(clusters|gitops/flux)/([^/]+)/");

    public static Document clusterResource(
            String cluster, String file, String template, Map<String, Object> model, Phase phase) {
        return new Document(
                Optional.of(cluster),
                "clusters/" + cluster + "/" + phase.folder() + "/" + file,
                template,
                model,
                phase,
                true);
    }

    public static Document clusterFile(String cluster, String file, String template, Map<String, Object> model) {
        return new Document(
                Optional.of(cluster), "clusters/" + cluster + "/" + file, template, model, Phase.PEERS, false);
    }

    /**
     * When a document is applied, relative to the others of its cluster. Each phase has its own
     * folder, so a GitOps tool can apply one after the other (Flux: a Kustomization per phase with
     * dependsOn; Argo CD: sync waves).
     */
    public enum Phase {
        /** ModuleConfigs: DKP refuses peer objects until the module setting is on. */
        MODULES("modules", -1),
        /** Everything the module settings enable: peers, traffic and access objects. */
        PEERS("mesh", 0);

        private final String folder;
        private final int syncWave;

        Phase(String folder, int syncWave) {
            this.folder = folder;
            this.syncWave = syncWave;
        }

        public String folder() {
            return folder;
        }

        /** The Argo CD sync wave of the phase's objects. */
        public int syncWave() {
            return syncWave;
        }
    }
}
