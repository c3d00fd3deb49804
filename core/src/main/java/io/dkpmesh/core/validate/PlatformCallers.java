package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.AccessRule.Platform;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Topology;
import java.util.HashSet;
import java.util.Set;

/**
 * Callers named as DKP platform components ({@code platform: monitoring}): an entry is the
 * component's namespace and service account and nothing else. Whether a provider admits the
 * component as it is is the provider's rule, at {@link Rule.Point#AFTER_PLATFORM_CALLERS} (Istio:
 * only if its pods carry a sidecar, as a caller without one presents no principal).
 */
public final class PlatformCallers implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            for (AccessRule rule : mesh.access()) {
                // a platform entry is read as one caller per component: one finding per entry and code
                Set<String> said = new HashSet<>();
                for (Caller caller : rule.from()) {
                    if (caller.platform().isEmpty()) {
                        continue;
                    }
                    String at = caller.pointer() + "/platform";
                    if (!asComponent(caller, findings) && said.add(at + "/conflict")) {
                        findings.error(
                                FindingCode.PLATFORM_CALLER,
                                at,
                                "a platform caller is its component's namespace and service account already; write"
                                        + " either platform (optionally with cluster) or namespace and serviceAccount,"
                                        + " not both in one entry");
                    }
                }
            }
        }
    }

    /**
     * Whether a platform caller is its component's namespace and service account and nothing else:
     * the entry that a provider's rule then judges. Written beside platform, even as the component's
     * own, they are refused (the reader cannot tell them apart).
     */
    public static boolean asComponent(Caller caller, Findings findings) {
        Platform platform = caller.platform().orElseThrow();
        boolean written = findings.positions().has(caller.pointer() + "/namespace")
                || findings.positions().has(caller.pointer() + "/serviceAccount");
        return !written
                && caller.namespace().equals(java.util.Optional.of(platform.namespace()))
                && caller.serviceAccount().equals(java.util.Optional.of(platform.serviceAccount()));
    }
}
