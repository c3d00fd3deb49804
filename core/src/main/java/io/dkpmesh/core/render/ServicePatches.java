package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Component of strategic-merge patches that add labels and annotations to Services, one file
 * per patch: the istio export label and the Cilium global-service annotations.
 */
final class ServicePatches {

    static final String COMPONENT_TEMPLATE = "component-service-patches.yaml.ftl";
    static final String PATCH_TEMPLATE = "service-patch.yaml.ftl";

    /** Stands in for the Service name in a namespace-wide patch; kustomize keeps each target's own name. */
    static final String EVERY_SERVICE = "every-service";

    /** What to add to one Service, or to every Service of a namespace when {@code service} is empty. */
    record Patch(
            String namespace,
            Optional<String> service,
            SortedMap<String, String> labels,
            SortedMap<String, String> annotations) {

        Patch(String namespace, Optional<String> service) {
            this(namespace, service, new TreeMap<>(), new TreeMap<>());
        }

        /** A dot cannot occur in a namespace or Service name, so no two patches share a file. */
        String file() {
            return service.map(name -> "service." + namespace + "." + name + ".yaml")
                    .orElse("services." + namespace + ".yaml");
        }
    }

    private ServicePatches() {}

    /** Adds the patch files and the Component's kustomization under {@code components/<component>/}. */
    static void add(Plan plan, String cluster, String component, List<Patch> patches) {
        if (patches.isEmpty()) {
            return;
        }
        String dir = Layout.component(cluster, component);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Patch patch :
                patches.stream().sorted((a, b) -> a.file().compareTo(b.file())).toList()) {
            Map<String, Object> target = new TreeMap<>(Map.of("path", patch.file(), "namespace", patch.namespace()));
            patch.service().ifPresent(name -> target.put("name", name));
            targets.add(target);
            plan.add(Document.file(
                    dir + patch.file(),
                    PATCH_TEMPLATE,
                    Map.of(
                            "name", patch.service().orElse(EVERY_SERVICE),
                            "namespace", patch.namespace(),
                            "labels", entries(patch.labels()),
                            "annotations", entries(patch.annotations()))));
        }
        plan.add(Document.file(Layout.kustomization(dir), COMPONENT_TEMPLATE, Map.of("patches", targets)));
    }

    private static List<Map<String, String>> entries(SortedMap<String, String> map) {
        return map.entrySet().stream()
                .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                .toList();
    }
}
