package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.AccessRule.Platform;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import java.util.HashSet;
import java.util.Set;

/**
 * Callers named as DKP platform components ({@code platform: monitoring}): an entry is the
 * component's namespace and service account and nothing else, and in an Istio mesh a component is
 * admitted only if its pods carry a sidecar (a caller without one presents no principal).
 */
final class PlatformCallers implements Rule {

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
                    Platform platform = caller.platform().get();
                    String at = caller.pointer() + "/platform";
                    // written beside platform, even as the component's own: the reader cannot tell them apart
                    boolean written = findings.positions().has(caller.pointer() + "/namespace")
                            || findings.positions().has(caller.pointer() + "/serviceAccount");
                    if (written
                            || !caller.namespace().equals(java.util.Optional.of(platform.namespace()))
                            || !caller.serviceAccount().equals(java.util.Optional.of(platform.serviceAccount()))) {
                        if (said.add(at + "/conflict")) {
                            findings.error(
                                    FindingCode.PLATFORM_CALLER,
                                    at,
                                    "a platform caller is its component's namespace and service account already; write"
                                            + " either platform (optionally with cluster) or namespace and serviceAccount,"
                                            + " not both in one entry");
                        }
                        continue;
                    }
                    if (mesh.provider() != Provider.ISTIO) {
                        continue;
                    }
                    if (platform.sidecar() == Platform.Sidecar.NEVER && said.add(at + "/no-sidecar")) {
                        findings.warning(
                                FindingCode.PLATFORM_CALLER_NO_SIDECAR,
                                at,
                                Text.quote(platform.label()) + " is " + platform.namespace() + "/"
                                        + platform.serviceAccount()
                                        + ", which DKP runs without an Istio sidecar, so its requests carry no principal and no"
                                        + " AuthorizationPolicy of mesh " + Text.quote(mesh.name())
                                        + " can admit it by identity; dkp-mesh renders no source for it and the access matrix"
                                        + " lists it as denied");
                    } else if (platform.sidecar() == Platform.Sidecar.OPTIONAL && said.add(at + "/sidecar")) {
                        findings.warning(
                                FindingCode.PLATFORM_CALLER_SIDECAR_NEEDED,
                                at,
                                Text.quote(platform.label()) + " is admitted as " + platform.namespace() + "/"
                                        + platform.serviceAccount()
                                        + " by its Istio principal, which its pods have only when the IngressNginxController"
                                        + " sets enableIstioSidecar: true; without it the rendered policy denies them");
                    }
                }
            }
        }
    }
}
