package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Topology;

/**
 * An access rule must be enforceable by what its provider's policies can see of a caller; here,
 * that {@code sourceIPPreserved} means something in the mesh that sets it (its provider's answer,
 * {@link MeshFacts#sourceIPIgnored}). Which rules a provider can enforce is its rule's (Istio's at
 * {@link Rule.Point#AFTER_ACCESS}).
 */
final class AccessRules implements Rule {

    private final ProviderRules providers;

    /** @param providers what each mesh's provider answers ({@link MeshFacts#sourceIPIgnored}) */
    AccessRules(ProviderRules providers) {
        this.providers = providers;
    }

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (!mesh.sourceIPPreserved()) {
                continue;
            }
            providers
                    .of(mesh)
                    .sourceIPIgnored(mesh)
                    .ifPresent(why -> findings.warning(
                            FindingCode.ACCESS_UNENFORCEABLE,
                            mesh.pointer() + "/sourceIPPreserved",
                            "sourceIPPreserved applies to an " + "istio multicluster with flatNetwork: true only; mesh "
                                    + Text.quote(mesh.name())
                                    + why
                                    + ", so it is ignored"));
        }
    }
}
