package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Component of strategic-merge patches that add labels and annotations to Services, one file
 * per patch: the istio export label and the Cilium global-service annotations.
 */
public final class ServicePatches {

    public static final String COMPONENT_TEMPLATE = "component-service-patches.yaml.ftl";
    public static final String PATCH_TEMPLATE = "service-patch.yaml.ftl";

    /** Stands in for the Service name in a namespace-wide patch; kustomize keeps each target's own name. */
    public static final String EVERY_SERVICE = "every-service";

    /** What to add to one Service, or to every Service of a namespace when {@code service} is empty. */
    public record Patch(
            String namespace,
            Optional<String> service,
            SortedMap<String, String> labels,
            SortedMap<String, String> annotations) {

        public Patch(String namespace, Optional<String> service) {
            this(namespace, service, new TreeMap<>(), new TreeMap<>());
        }

        /** A dot cannot occur in a namespace or Service name, so no two patches share a file. */
        String file() {
            return service.map(name -> "service." + namespace + "." + name + ".yaml")
                    .orElse("services." + namespace + ".yaml");
        }
    }

    private ServicePatches() {}

    /**
     * The data of {@code service-patch.yaml.ftl}: one Service's patch.
     *
     * @param name        the Service, or {@link #EVERY_SERVICE} in a namespace-wide patch
     * @param labels      in key order
     * @param annotations in key order
     */
    public record PatchFile(String name, String namespace, List<KeyValue> labels, List<KeyValue> annotations) {
        public PatchFile {
            labels = List.copyOf(labels);
            annotations = List.copyOf(annotations);
        }
    }

    /**
     * One patch of the Component, as {@code component-service-patches.yaml.ftl} lists it.
     *
     * @param path the patch file, beside the Component's kustomization
     * @param name the Service it targets; {@code null} for every Service of the namespace
     */
    public record Target(String path, String namespace, String name) {}

    /** The data of {@code component-service-patches.yaml.ftl}: the patches in file order. */
    public record Component(List<Target> patches) {
        public Component {
            patches = List.copyOf(patches);
        }
    }

    /** Adds the patch files and the Component's kustomization under {@code components/<component>/}. */
    public static void add(Plan plan, String cluster, String component, List<Patch> patches) {
        if (patches.isEmpty()) {
            return;
        }
        String dir = Layout.component(cluster, component);
        List<Target> targets = new ArrayList<>();
        for (Patch patch :
                patches.stream().sorted((a, b) -> a.file().compareTo(b.file())).toList()) {
            targets.add(
                    new Target(patch.file(), patch.namespace(), patch.service().orElse(null)));
            plan.add(Document.file(
                    dir + patch.file(),
                    PATCH_TEMPLATE,
                    new PatchFile(
                            patch.service().orElse(EVERY_SERVICE),
                            patch.namespace(),
                            KeyValue.sorted(patch.labels()),
                            KeyValue.sorted(patch.annotations()))));
        }
        plan.add(Document.file(Layout.kustomization(dir), COMPONENT_TEMPLATE, new Component(targets)));
    }
}
