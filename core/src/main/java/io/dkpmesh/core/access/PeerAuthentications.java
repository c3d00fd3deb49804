package io.dkpmesh.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PeerAuthentications of one cluster (rendered for a mesh with {@code mtls: STRICT}, and the
 * user's own from the policies folder), composed for a workload as istiod composes them (istio
 * {@code pilot/pkg/security/authn/policy_applier.go} {@code ComposePeerAuthentication}):
 *
 * <ul>
 *   <li>a policy without a selector (or with empty {@code matchLabels}) in the root namespace
 *       ({@code d8-istio} on DKP) is mesh-wide, one elsewhere namespace-wide; one with a selector
 *       applies to the workloads of its namespace it selects, and is ignored in the root namespace;</li>
 *   <li>the narrowest level wins (workload over namespace over mesh); mode {@code UNSET} (or none)
 *       inherits the level above; with no policy at all the mode is PERMISSIVE (DKP's istio module
 *       renders none: {@code modules/110-istio/templates/control-plane/iop/iop.yaml});</li>
 *   <li>of two policies at one level istiod takes the oldest, which cannot be known offline: when
 *       they disagree the mode is unknown;</li>
 *   <li>{@code portLevelMtls} counts only in a workload policy, where {@code UNSET} inherits its
 *       mode. A caller stands for all its requests, so a port that refuses plain text refuses a
 *       plain-text caller.</li>
 * </ul>
 */
final class PeerAuthentications {

    /** The modes of {@code istio.security.v1beta1.PeerAuthentication.MutualTLS.Mode}, and one for "cannot be known". */
    enum Mode {
        PERMISSIVE,
        STRICT,
        DISABLE,
        /** Two policies of one level disagree, and istiod takes the oldest. */
        UNKNOWN
    }

    /**
     * The mTLS a workload's sidecar asks of its callers, compared by value and kept one instance per
     * value by the evaluator (the layers' memo keys by identity).
     *
     * @param by       the PeerAuthentications that decided it; empty for DKP's default
     * @param reason   why, in words
     * @param workload whether a workload-level policy decided it (its mode or a port's)
     */
    record Mtls(Mode mode, List<String> by, String reason, boolean workload) {

        Mtls(Mode mode, List<String> by, String reason) {
            this(mode, by, reason, false);
        }

        Mtls {
            by = List.copyOf(by);
        }

        /** Whether the sidecar refuses a caller that sends plain text (no sidecar, or no principal). */
        boolean refusesPlainText() {
            return mode == Mode.STRICT;
        }

        /**
         * Whether callers' sidecars send plain text to it, presenting no principal: auto mTLS follows a
         * DISABLE mode of the mesh or the namespace only (istio {@code pilot/pkg/model/push_context.go}
         * {@code BestEffortInferServiceMTLSMode}: "uses only mesh and namespace level PeerAuthentication
         * and ignore workload & port level policies").
         */
        boolean offForSidecars() {
            return mode == Mode.DISABLE && !workload;
        }

        /** Whether a workload's own DISABLE meets callers' sidecars that still send mTLS: not modelled. */
        boolean offForWorkloadOnly() {
            return mode == Mode.DISABLE && workload;
        }
    }

    static final Mtls DEFAULT =
            new Mtls(Mode.PERMISSIVE, List.of(), "mTLS PERMISSIVE: no PeerAuthentication applies (DKP's default)");

    /**
     * One PeerAuthentication as istiod reads it.
     *
     * @param selector  {@code selector.matchLabels}; empty when absent or empty (namespace or mesh level)
     * @param mode      {@code mtls.mode}; empty for UNSET or none
     * @param portModes {@code portLevelMtls}: port → mode, empty for UNSET
     */
    record Policy(
            String object,
            String namespace,
            Map<String, String> selector,
            Optional<Mode> mode,
            Map<String, Optional<Mode>> portModes) {

        static Policy parse(String object, String namespace, Map<?, ?> spec) {
            Map<String, String> selector = new TreeMap<>();
            if (spec.get("selector") instanceof Map<?, ?> s && s.get("matchLabels") instanceof Map<?, ?> labels) {
                labels.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, Optional<Mode>> ports = new TreeMap<>();
            if (spec.get("portLevelMtls") instanceof Map<?, ?> levels) {
                levels.forEach((port, mtls) -> ports.put(String.valueOf(port), mode(mtls)));
            }
            return new Policy(object, namespace, selector, mode(spec.get("mtls")), ports);
        }

        private static Optional<Mode> mode(Object mtls) {
            if (!(mtls instanceof Map<?, ?> m) || m.get("mode") == null) {
                return Optional.empty();
            }
            return switch (String.valueOf(m.get("mode"))) {
                case "STRICT" -> Optional.of(Mode.STRICT);
                case "PERMISSIVE" -> Optional.of(Mode.PERMISSIVE);
                case "DISABLE" -> Optional.of(Mode.DISABLE);
                default -> Optional.empty();
            };
        }

        /** What this policy says for the workload: its ports' modes folded into one (see the class comment). */
        private Optional<Mode> effective(boolean workloadLevel) {
            if (!workloadLevel || portModes.isEmpty()) {
                return mode;
            }
            boolean strict = mode.orElse(null) == Mode.STRICT;
            boolean disable = mode.orElse(null) == Mode.DISABLE;
            for (Optional<Mode> port : portModes.values()) {
                strict |= port.orElse(null) == Mode.STRICT;
                disable |= port.orElse(null) == Mode.DISABLE;
            }
            return strict ? Optional.of(Mode.STRICT) : disable ? Optional.of(Mode.DISABLE) : mode;
        }
    }

    private final List<Policy> policies;
    private final String rootNamespace;

    PeerAuthentications(List<Policy> policies, String rootNamespace) {
        this.policies = List.copyOf(policies);
        this.rootNamespace = rootNamespace;
    }

    boolean isEmpty() {
        return policies.isEmpty();
    }

    /** The mTLS of a workload of {@code namespace} with these pod labels. */
    Mtls of(String namespace, Map<String, String> labels) {
        if (policies.isEmpty()) {
            return DEFAULT;
        }
        List<Policy> mesh = new ArrayList<>();
        List<Policy> space = new ArrayList<>();
        List<Policy> workload = new ArrayList<>();
        for (Policy policy : policies) {
            if (policy.selector().isEmpty()) {
                if (policy.namespace().equals(rootNamespace)) {
                    mesh.add(policy);
                } else if (policy.namespace().equals(namespace)) {
                    space.add(policy);
                }
            } else if (!policy.namespace().equals(rootNamespace)
                    && policy.namespace().equals(namespace)
                    && !labels.isEmpty()
                    && labels.entrySet().containsAll(policy.selector().entrySet())) {
                workload.add(policy);
            }
        }
        Mtls mtls = DEFAULT;
        mtls = level(mtls, mesh, false, "mesh-wide in " + rootNamespace);
        mtls = level(mtls, space, false, "for the namespace");
        return level(mtls, workload, true, "for the workload");
    }

    /** The mode after one level: its policies' mode unless UNSET (inherit); unknown when they disagree. */
    private static Mtls level(Mtls parent, List<Policy> level, boolean workloadLevel, String scope) {
        if (level.isEmpty() || parent.mode() == Mode.UNKNOWN) {
            return parent;
        }
        List<String> by = level.stream().map(Policy::object).toList();
        Optional<Mode> first = level.get(0).effective(workloadLevel);
        for (Policy policy : level) {
            if (!policy.effective(workloadLevel).equals(first)) {
                return new Mtls(
                        Mode.UNKNOWN,
                        by,
                        "mTLS unknown: PeerAuthentications " + scope
                                + " disagree, and istiod takes the oldest, which is not known here");
            }
        }
        if (first.isEmpty()) {
            return parent;
        }
        boolean ports = workloadLevel
                && level.stream()
                        .anyMatch(p ->
                                !p.portModes().isEmpty() && !p.effective(true).equals(p.mode()));
        return new Mtls(
                first.get(),
                by,
                "mTLS " + first.get() + (ports ? " on some port" : "") + " (PeerAuthentication " + scope + ")",
                workloadLevel);
    }
}
