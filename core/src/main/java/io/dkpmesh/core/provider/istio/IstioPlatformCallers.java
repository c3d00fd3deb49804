package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.AccessRule.Platform;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.PlatformCallers;
import io.dkpmesh.core.validate.Rule;
import java.util.HashSet;
import java.util.Set;

/**
 * In an Istio mesh a platform component ({@code platform: monitoring}) is admitted by its principal
 * only if its pods carry a sidecar: a caller without one presents none. It judges the entries that
 * {@link PlatformCallers} accepts, right after it, where it always ran.
 */
final class IstioPlatformCallers implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() != Provider.ISTIO) {
                continue;
            }
            for (AccessRule rule : mesh.access()) {
                // a platform entry is read as one caller per component: one finding per entry and code
                Set<String> said = new HashSet<>();
                for (Caller caller : rule.from()) {
                    if (caller.platform().isEmpty() || !PlatformCallers.asComponent(caller, findings)) {
                        continue;
                    }
                    Platform platform = caller.platform().get();
                    String at = caller.pointer() + "/platform";
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
