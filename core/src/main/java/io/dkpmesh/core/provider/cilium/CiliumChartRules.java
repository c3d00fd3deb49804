package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Gitops;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.Rule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the chosen GitOps tool needs to install the Cilium chart with the ClusterMesh values
 * ({@link CiliumDelivery}): a pinned chart version, and one whose certgen Job is no hook. It runs
 * after the validator's GitOps rules, where it always ran.
 */
final class CiliumChartRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        Gitops gitops = topology.gitops();
        if (gitops.delivers()
                && gitops.delivery().ciliumChartVersion().isEmpty()
                && !topology.clusterMeshes().isEmpty()) {
            findings.error(
                    FindingCode.GITOPS,
                    Gitops.POINTER,
                    gitops.delivery().label() + " installs the Cilium chart with the ClusterMesh values of mesh "
                            + Text.quote(topology.clusterMeshes().get(0).name())
                            + ", but gitops.cilium.chartVersion is not set;"
                            + " set it to the Cilium version your clusters run, so a new chart release never upgrades the CNI on its own");
        }
        if (gitops.delivers() && !topology.clusterMeshes().isEmpty()) {
            gitops.delivery()
                    .ciliumChartVersion()
                    .filter(version -> !certgenIsAPlainJob(version))
                    .ifPresent(version -> findings.error(
                            FindingCode.CILIUM_CHART_VERSION,
                            CHART_VERSION,
                            "Cilium chart " + Text.quote(version) + " makes the clustermesh-apiserver certificates in a"
                                    + " post-install/post-upgrade hook, which "
                                    + gitops.delivery().label()
                                    + " runs only once every object is Ready, while clustermesh-apiserver cannot be"
                                    + " Ready without them (chart templates/clustermesh-apiserver/tls-cronjob/job.yaml,"
                                    + " cilium/cilium issue 42045): the rollout never finishes;"
                                    + " pin chart 1.19.0 or later"));
        }
    }

    static final String CHART_VERSION = Gitops.POINTER + "/cilium/chartVersion";

    private static final Pattern MAJOR_MINOR = Pattern.compile("^v?(\\d+)\\.(\\d+)(\\.\\d+)?([-+].*)?$");

    /**
     * Whether the chart's certgen Job for method cronJob is a plain object: from 1.19 it is, named by the checksum
     * of its spec (cilium-1.19.6.tgz templates/clustermesh-apiserver/tls-cronjob/job.yaml); up to 1.18 it is a
     * {@code helm.sh/hook: post-install,post-upgrade} (cilium-1.18.2.tgz, same file). A version that is not
     * {@code major.minor[.patch]} (a range) could resolve to either, so it counts as not.
     */
    static boolean certgenIsAPlainJob(String version) {
        Matcher m = MAJOR_MINOR.matcher(version);
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 1 || (major == 1 && minor >= 19);
    }
}
