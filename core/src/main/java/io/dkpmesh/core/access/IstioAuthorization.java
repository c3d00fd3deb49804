package io.dkpmesh.core.access;

import io.dkpmesh.core.model.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Istio AuthorizationPolicy as istiod turns it into Envoy RBAC, evaluated for one caller
 * against one workload. The rules are Istio's, read from its source:
 *
 * <ul>
 *   <li>which policies apply: one in the root namespace applies to every workload, one elsewhere to
 *       the workloads of its namespace, narrowed by {@code selector.matchLabels}
 *       (istio {@code pilot/pkg/model/authorization.go});</li>
 *   <li>DENY is built before ALLOW, so a matching DENY policy wins; a workload no ALLOW policy
 *       applies to allows everything else; once one applies, only requests some ALLOW rule matches
 *       pass; a policy without rules matches nothing ({@code rbacPolicyMatchNever}); a dry-run
 *       policy is only a shadow rule (istio {@code pilot/pkg/security/authz/builder/builder.go});</li>
 *   <li>rules are ORed, the sources of a rule are ORed, the fields of a source ANDed and the values
 *       of a field ORed; {@code principals} match the peer identity without {@code spiffe://} with
 *       one leading or trailing {@code *} (prefix, suffix) or {@code *} alone (any authenticated
 *       peer) (istio {@code pilot/pkg/security/authz/model/matcher/string.go},
 *       {@code model/generator.go} {@code srcPrincipalGenerator});</li>
 *   <li>{@code namespaces} match the identity by the regular expression {@code .*&#47;ns/<ns>/.*}
 *       ({@code *} in the value becoming {@code .*}), so they admit that namespace in <em>every</em>
 *       trust domain the workload trusts ({@code model/generator.go} {@code srcNamespaceGenerator});
 *       {@code ipBlocks} match the packet's source address ({@code srcIPGenerator},
 *       {@code direct_remote_ip}).</li>
 * </ul>
 *
 * <p>A caller here stands for all of its requests. A rule with {@code to} or {@code when}, or with
 * source fields this evaluator does not model (request principals, remote IPs), matches only some
 * of them: such a rule never counts as admitting a caller, and always counts as denying one.
 */
public record IstioAuthorization(
        String object, String namespace, Action action, Optional<Selector> selector, List<Rule> rules, boolean dryRun) {

    public enum Action {
        ALLOW,
        DENY,
        AUDIT,
        CUSTOM
    }

    /**
     * A rule: its {@code from.source} entries, and whether it says more than who the caller is.
     *
     * @param sni its {@code when} conditions when they are all on {@code connection.sni} and it has
     *            no {@code to}: then a gateway peer ({@link Peer#host}) is matched exactly; else empty
     */
    public record Rule(List<Source> from, boolean partial, Optional<SniCondition> sni) {

        public Rule(List<Source> from, boolean partial) {
            this(from, partial, Optional.empty());
        }
    }

    /**
     * The {@code connection.sni} conditions of a rule, ANDed (istio {@code pilot/pkg/security/authz/model/model.go}
     * {@code attrConnSNI}; {@code generator.go} {@code connSNIGenerator}: Envoy's
     * {@code requested_server_name}, which a TCP filter chain has too). Each value is Istio's string
     * match: exact, one leading or trailing {@code *}, or {@code *} alone.
     *
     * @param values    per condition its {@code values}: one of them must match (empty: no such condition)
     * @param notValues per condition its {@code notValues}: none of them may match
     */
    public record SniCondition(List<SniValues> values, List<SniValues> notValues) {

        /**
         * Whether the connections to {@code host} on some port pass the conditions: the SNI of an
         * AUTO_PASSTHROUGH connection is {@code outbound_.<port>_._.<host>} (istio
         * {@code pilot/pkg/model/service.go} {@code BuildDNSSrvSubsetKey}); the matrix asks per
         * Service, so a Service passes when one of its ports may.
         */
        boolean matchesSomePort(String host) {
            for (SniValues condition : values) {
                if (!condition.someCover(host, false)) {
                    return false;
                }
            }
            for (SniValues condition : notValues) {
                if (condition.someCover(host, true)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the DENY-side reading holds: the conditions match every port's connection to {@code host}. */
        boolean matchesEveryPort(String host) {
            for (SniValues condition : values) {
                if (!condition.someCover(host, true)) {
                    return false;
                }
            }
            for (SniValues condition : notValues) {
                if (condition.someCover(host, false)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The values of one {@code connection.sni} condition. A value {@code *_._.<host>} (what the
     * federation boundary renders, one per exported Service, so hundreds in one policy) matches the
     * connections to exactly that host on every port: those are looked up by host, not tried one by
     * one for every target; every other value is tried as written.
     */
    public static final class SniValues {
        private static final String ANY_PORT = "*_._.";

        private final List<String> values;
        /** The hosts of the values {@code *_._.<host>} whose host holds no {@code _} or {@code *}. */
        private final java.util.Set<String> hosts = new java.util.HashSet<>();
        /** The other values. */
        private final List<String> others = new ArrayList<>();

        SniValues(List<String> values) {
            this.values = List.copyOf(values);
            for (String value : this.values) {
                String host = value.startsWith(ANY_PORT) ? value.substring(ANY_PORT.length()) : null;
                if (host != null && host.indexOf('_') < 0 && host.indexOf('*') < 0) {
                    hosts.add(host);
                } else {
                    others.add(value);
                }
            }
        }

        public List<String> values() {
            return values;
        }

        /** Whether some value matches the connections to {@code host} on every port, or on some port. */
        boolean someCover(String host, boolean everyPort) {
            if (hosts.contains(host)) {
                return true;
            }
            // a host with "_" could end in "_._.<host>" of one of them: then try those as written too
            List<String> tried = host.indexOf('_') < 0 ? others : values;
            for (String value : tried) {
                if (everyPort ? coversEveryPort(value, host) : coversSomePort(value, host)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SniValues that && values.equals(that.values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    private static final String SNI_HEAD = "outbound_.";

    /** Whether Istio's string match {@code pattern} matches {@code outbound_.<p>_._.<host>} for some port p. */
    static boolean coversSomePort(String pattern, String host) {
        String tail = "_._." + host;
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            String suffix = pattern.substring(1);
            if (tail.endsWith(suffix)) {
                return true;
            }
            if (!suffix.endsWith(tail)) {
                return false;
            }
            String head = suffix.substring(0, suffix.length() - tail.length());
            // head: a (possibly empty) suffix of "outbound_." and then at least one digit
            int digits = head.length();
            while (digits > 0 && Character.isDigit(head.charAt(digits - 1))) {
                digits--;
            }
            return digits < head.length() && SNI_HEAD.endsWith(head.substring(0, digits));
        }
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            if (SNI_HEAD.startsWith(prefix)) {
                return true;
            }
            if (!prefix.startsWith(SNI_HEAD)) {
                return false;
            }
            String rest = prefix.substring(SNI_HEAD.length());
            int digits = 0;
            while (digits < rest.length() && Character.isDigit(rest.charAt(digits))) {
                digits++;
            }
            return digits > 0 && tail.startsWith(rest.substring(digits));
        }
        return isServerName(pattern, host);
    }

    /** Whether Istio's string match {@code pattern} matches {@code outbound_.<p>_._.<host>} for every port p. */
    static boolean coversEveryPort(String pattern, String host) {
        String tail = "_._." + host;
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            return tail.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("*")) {
            return SNI_HEAD.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return false;
    }

    /** Whether {@code value} is {@code outbound_.<port>_._.<host>} exactly, for a port number. */
    private static boolean isServerName(String value, String host) {
        String tail = "_._." + host;
        if (!value.startsWith(SNI_HEAD) || !value.endsWith(tail)) {
            return false;
        }
        String port = value.substring(SNI_HEAD.length(), value.length() - tail.length());
        return !port.isEmpty() && port.chars().allMatch(Character::isDigit);
    }

    /** One {@code from[].source}; absent fields are empty lists. */
    public record Source(
            Principals principals,
            Principals notPrincipals,
            Namespaces namespaces,
            Namespaces notNamespaces,
            List<Optional<Cidr>> ipBlocks,
            List<Optional<Cidr>> notIpBlocks,
            boolean partial) {}

    /**
     * What a workload's sidecar sees of a request.
     *
     * @param principal the authenticated peer identity without {@code spiffe://}; empty for plain text
     * @param source    the network the packet's source address lies in (a pod subnet)
     * @param host      at a passthrough gateway, the Service host whose SNI the connection carries; empty at a workload
     */
    public record Peer(
            Optional<String> principal, Optional<String> source, Optional<Cidr> network, Optional<String> host) {

        public Peer(Optional<String> principal, Optional<String> source, Optional<Cidr> network) {
            this(principal, source, network, Optional.empty());
        }

        public Peer(Optional<String> principal, Optional<String> source) {
            this(principal, source, source.flatMap(IstioAuthorization::cidr));
        }

        /**
         * A connection as an AUTO_PASSTHROUGH gateway sees it: TLS is not terminated there, so no
         * principal and no source this evaluator models, only the SNI naming {@code host}.
         */
        public static Peer atPassthroughGateway(String host) {
            return new Peer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(host));
        }
    }

    /** A block as Envoy reads it: a bare address is a /32. */
    static Optional<Cidr> cidr(String block) {
        return Cidr.parse(block.contains("/") ? block : block + "/32");
    }

    /** Parses {@code spec} of an AuthorizationPolicy; {@code object} names it in the matrix. */
    public static IstioAuthorization parse(String object, String namespace, Map<?, ?> metadata, Map<?, ?> spec) {
        Action action = switch (String.valueOf(spec.get("action") == null ? "ALLOW" : spec.get("action"))) {
            case "DENY" -> Action.DENY;
            case "AUDIT" -> Action.AUDIT;
            case "CUSTOM" -> Action.CUSTOM;
            default -> Action.ALLOW;
        };
        Optional<Selector> selector =
                spec.get("selector") instanceof Map<?, ?> s ? Optional.of(Selector.parse(s)) : Optional.empty();
        if (spec.get("targetRef") != null || spec.get("targetRefs") != null) {
            // attached to a Gateway or Service, not a workload by labels: not what this evaluator models
            selector = Optional.of(new Selector(Map.of(), List.of(new Selector.Requirement("", "In", List.of()))));
        }
        List<Rule> rules = new ArrayList<>();
        if (spec.get("rules") instanceof List<?> list) {
            for (Object item : list) {
                rules.add(rule(item instanceof Map<?, ?> m ? m : Map.of()));
            }
        }
        boolean dryRun = metadata.get("annotations") instanceof Map<?, ?> a
                && "true".equalsIgnoreCase(String.valueOf(a.get("istio.io/dry-run")));
        return new IstioAuthorization(object, namespace, action, selector, rules, dryRun);
    }

    private static Rule rule(Map<?, ?> rule) {
        List<Source> from = new ArrayList<>();
        if (rule.get("from") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> source = item instanceof Map<?, ?> m && m.get("source") instanceof Map<?, ?> s ? s : Map.of();
                boolean partial = source.keySet().stream()
                        .anyMatch(k -> !List.of(
                                        "principals",
                                        "notPrincipals",
                                        "namespaces",
                                        "notNamespaces",
                                        "ipBlocks",
                                        "notIpBlocks")
                                .contains(String.valueOf(k)));
                from.add(new Source(
                        new Principals(strings(source, "principals")),
                        new Principals(strings(source, "notPrincipals")),
                        new Namespaces(strings(source, "namespaces")),
                        new Namespaces(strings(source, "notNamespaces")),
                        strings(source, "ipBlocks").stream()
                                .map(IstioAuthorization::cidr)
                                .toList(),
                        strings(source, "notIpBlocks").stream()
                                .map(IstioAuthorization::cidr)
                                .toList(),
                        partial));
            }
        }
        return new Rule(from, rule.get("to") != null || rule.get("when") != null, sni(rule));
    }

    /** The rule's conditions when they are all on {@code connection.sni} and it has no {@code to}. */
    private static Optional<SniCondition> sni(Map<?, ?> rule) {
        if (rule.get("to") != null || !(rule.get("when") instanceof List<?> when) || when.isEmpty()) {
            return Optional.empty();
        }
        List<SniValues> values = new ArrayList<>();
        List<SniValues> notValues = new ArrayList<>();
        for (Object item : when) {
            if (!(item instanceof Map<?, ?> condition) || !"connection.sni".equals(condition.get("key"))) {
                return Optional.empty();
            }
            List<String> in = strings(condition, "values");
            List<String> notIn = strings(condition, "notValues");
            if (!in.isEmpty()) {
                values.add(new SniValues(in));
            }
            if (!notIn.isEmpty()) {
                notValues.add(new SniValues(notIn));
            }
        }
        return Optional.of(new SniCondition(List.copyOf(values), List.copyOf(notValues)));
    }

    private static List<String> strings(Map<?, ?> map, String key) {
        return map.get(key) instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    /**
     * Istio's decision for a workload and a peer: a matching DENY policy denies; with no ALLOW
     * policy applying, the request passes; else an ALLOW rule must match. AUDIT and dry-run
     * policies change nothing; a CUSTOM policy asks an external authorizer, which is not known here,
     * so it counts as denying.
     */
    public static LayerVerdict decide(
            List<IstioAuthorization> policies,
            String workloadNamespace,
            java.util.Map<String, String> labels,
            Peer peer,
            String rootNamespace) {
        List<IstioAuthorization> applying = policies.stream()
                .filter(p -> !p.dryRun()
                        && p.action() != Action.AUDIT
                        && p.appliesTo(workloadNamespace, labels, rootNamespace))
                .toList();
        return decide(applying, peer);
    }

    /** {@link #decide(List, String, java.util.Map, Peer, String)} over the policies known to apply. */
    static LayerVerdict decide(List<IstioAuthorization> applying, Peer peer) {
        return new Decider(applying).decide(peer);
    }

    /**
     * The decision over one workload's applying policies, for many peers: the verdicts that name
     * only policies are built once, not once per caller.
     */
    static final class Decider {
        private final List<IstioAuthorization> applying;
        /** Per applying policy, the verdict it gives when it decides. */
        private final List<LayerVerdict> verdicts = new ArrayList<>();

        private final boolean anyAllow;
        private final LayerVerdict noMatch;
        private final boolean byPrincipal;
        private final Map<String, LayerVerdict> verdictsByPrincipal = new java.util.HashMap<>();

        Decider(List<IstioAuthorization> applying) {
            this.applying = List.copyOf(applying);
            boolean allow = false;
            List<String> allowing = new ArrayList<>();
            for (IstioAuthorization policy : this.applying) {
                verdicts.add(
                        switch (policy.action()) {
                            case CUSTOM ->
                                new LayerVerdict(
                                        false,
                                        List.of(policy.object()),
                                        "decided by an external authorizer (a CUSTOM policy applies): unknown",
                                        true);
                            case DENY ->
                                new LayerVerdict(false, List.of(policy.object()), "a rule of the DENY policy matches");
                            default -> new LayerVerdict(true, List.of(policy.object()), "a rule allows it");
                        });
                if (policy.action() == Action.ALLOW) {
                    allow = true;
                    allowing.add(policy.object());
                }
            }
            this.anyAllow = allow;
            this.noMatch = new LayerVerdict(false, allowing, "no rule of the ALLOW policies matches");
            this.byPrincipal = byPrincipal(this.applying);
        }

        /** Whether the verdict depends on the peer's identity alone, not on its address. */
        boolean byPrincipal() {
            return byPrincipal;
        }

        LayerVerdict decide(Peer peer) {
            if (!byPrincipal || peer.principal().isEmpty()) {
                return evaluate(peer);
            }
            // callers that share an identity (a multicluster's members share one trust domain) share the verdict
            String principal = peer.principal().get();
            LayerVerdict verdict = verdictsByPrincipal.get(principal);
            if (verdict == null) {
                verdict = evaluate(peer);
                verdictsByPrincipal.put(principal, verdict);
            }
            return verdict;
        }

        /**
         * Whether the verdict depends on the peer's identity alone: no source of an applying policy
         * names addresses ({@code ipBlocks}, {@code notIpBlocks}).
         */
        private static boolean byPrincipal(List<IstioAuthorization> policies) {
            for (IstioAuthorization policy : policies) {
                for (Rule rule : policy.rules()) {
                    for (Source source : rule.from()) {
                        if (!source.ipBlocks().isEmpty()
                                || !source.notIpBlocks().isEmpty()) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        private LayerVerdict evaluate(Peer peer) {
            for (int i = 0; i < applying.size(); i++) {
                IstioAuthorization policy = applying.get(i);
                if (policy.action() == Action.CUSTOM) {
                    return verdicts.get(i);
                }
                if (policy.action() == Action.DENY && policy.matches(peer, true)) {
                    return verdicts.get(i);
                }
            }
            if (!anyAllow) {
                return applying.isEmpty() ? LayerVerdict.OPEN : NOT_DENIED;
            }
            for (int i = 0; i < applying.size(); i++) {
                IstioAuthorization policy = applying.get(i);
                if (policy.action() == Action.ALLOW && policy.matches(peer, false)) {
                    return verdicts.get(i);
                }
            }
            return noMatch;
        }
    }

    private static final LayerVerdict NOT_DENIED = new LayerVerdict(true, List.of(), "no rule denies it");

    /** Whether this policy applies to a workload of that namespace with those labels. */
    public boolean appliesTo(String workloadNamespace, Map<String, String> labels, String rootNamespace) {
        if (!namespace.equals(rootNamespace) && !namespace.equals(workloadNamespace)) {
            return false;
        }
        return selector.map(s -> s.matches(labels)).orElse(true);
    }

    /**
     * Whether a rule of this policy matches every request of the peer ({@code forDeny} false), or
     * some request of it ({@code forDeny} true).
     */
    public boolean matches(Peer peer, boolean forDeny) {
        for (Rule rule : rules) {
            if (peer.host().isPresent() && rule.sni().isPresent()) {
                // at a gateway the SNI is known: the conditions decide exactly (per Service: some port for
                // ALLOW, every port for DENY)
                String host = peer.host().get();
                boolean conditions = forDeny
                        ? rule.sni().get().matchesEveryPort(host)
                        : rule.sni().get().matchesSomePort(host);
                if (!conditions) {
                    continue;
                }
                if (rule.from().isEmpty()) {
                    return true;
                }
                for (Source source : rule.from()) {
                    if ((!source.partial() || forDeny) && matches(source, peer)) {
                        return true;
                    }
                }
                continue;
            }
            if (rule.partial() && !forDeny) {
                continue;
            }
            if (rule.from().isEmpty()) {
                return true;
            }
            for (Source source : rule.from()) {
                if (source.partial() && !forDeny) {
                    continue;
                }
                if (matches(source, peer)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(Source source, Peer peer) {
        String principal = peer.principal().orElse(null);
        if (!source.principals().isEmpty()
                && (principal == null || !source.principals().matchesAny(principal))) {
            return false;
        }
        if (!source.notPrincipals().isEmpty()
                && principal != null
                && source.notPrincipals().matchesAny(principal)) {
            return false;
        }
        if (!source.namespaces().isEmpty()
                && (principal == null || !source.namespaces().matchesAny(principal))) {
            return false;
        }
        if (!source.notNamespaces().isEmpty()
                && principal != null
                && source.notNamespaces().matchesAny(principal)) {
            return false;
        }
        Cidr network = peer.network().orElse(null);
        if (!source.ipBlocks().isEmpty()
                && (network == null || source.ipBlocks().stream().noneMatch(b -> within(network, b)))) {
            return false;
        }
        return source.notIpBlocks().isEmpty()
                || network == null
                || source.notIpBlocks().stream()
                        .noneMatch(b -> b.isPresent() && b.get().overlaps(network));
    }

    /**
     * The values of a {@code principals} field, sorted once by how {@link #principal} matches them, so
     * that a peer is looked up in a set instead of compared with every value (a federation's policies
     * list a principal per peer cluster): the result is that of {@code principal} over each value, ORed.
     */
    public static final class Principals {
        private final List<String> values;
        private final boolean any;
        private final Set<String> exact = new HashSet<>();
        /**
         * The prefixes and suffixes by length: a value matches when its own prefix (suffix) of one of
         * those lengths is in the set, one lookup per length instead of one comparison per value (a
         * federation's policies list a prefix per peer cluster).
         */
        private final Map<Integer, Set<String>> suffixes = new java.util.TreeMap<>();

        private final Map<Integer, Set<String>> prefixes = new java.util.TreeMap<>();
        private final int[] suffixLengths;
        private final int[] prefixLengths;

        Principals(List<String> values) {
            this.values = List.copyOf(values);
            boolean star = false;
            for (String pattern : values) {
                if (pattern.equals("*")) {
                    star = true;
                } else if (pattern.startsWith("*")) {
                    String suffix = pattern.substring(1);
                    suffixes.computeIfAbsent(suffix.length(), l -> new HashSet<>())
                            .add(suffix);
                } else if (pattern.endsWith("*")) {
                    String prefix = pattern.substring(0, pattern.length() - 1);
                    prefixes.computeIfAbsent(prefix.length(), l -> new HashSet<>())
                            .add(prefix);
                } else {
                    exact.add(pattern);
                }
            }
            this.any = star;
            this.suffixLengths =
                    suffixes.keySet().stream().mapToInt(Integer::intValue).toArray();
            this.prefixLengths =
                    prefixes.keySet().stream().mapToInt(Integer::intValue).toArray();
        }

        public List<String> values() {
            return values;
        }

        boolean isEmpty() {
            return values.isEmpty();
        }

        boolean matchesAny(String value) {
            if (any && !value.isEmpty()) {
                return true;
            }
            if (exact.contains(value)) {
                return true;
            }
            for (int length : suffixLengths) {
                if (length <= value.length()
                        && suffixes.get(length).contains(value.substring(value.length() - length))) {
                    return true;
                }
            }
            for (int length : prefixLengths) {
                if (length <= value.length() && prefixes.get(length).contains(value.substring(0, length))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The values of a {@code namespaces} field, each turned once into what {@link #namespace} tests. */
    public static final class Namespaces {
        private final List<String> values;
        private final List<String> infixes = new ArrayList<>();
        private final List<Pattern> patterns = new ArrayList<>();

        Namespaces(List<String> values) {
            this.values = List.copyOf(values);
            for (String value : values) {
                if (value.indexOf('*') < 0) {
                    infixes.add("/ns/" + value + "/");
                } else {
                    patterns.add(Pattern.compile(namespaceRegex(value)));
                }
            }
        }

        public List<String> values() {
            return values;
        }

        boolean isEmpty() {
            return values.isEmpty();
        }

        boolean matchesAny(String principal) {
            for (String infix : infixes) {
                if (principal.contains(infix)) {
                    return true;
                }
            }
            for (Pattern pattern : patterns) {
                if (pattern.matcher(principal).matches()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Istio's string matcher: {@code *} alone is any non-empty value, else one prefix or suffix wildcard. */
    static boolean principal(String pattern, String value) {
        if (pattern.equals("*")) {
            return !value.isEmpty();
        }
        if (pattern.startsWith("*")) {
            return value.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }

    /** {@code .*&#47;ns/<value>/.*} over the identity, {@code *} in the value meaning {@code .*}. */
    static boolean namespace(String value, String principal) {
        if (value.indexOf('*') < 0) {
            return principal.contains("/ns/" + value + "/");
        }
        return Pattern.matches(namespaceRegex(value), principal);
    }

    private static String namespaceRegex(String value) {
        return ".*/ns/"
                + String.join(
                        ".*",
                        java.util.Arrays.stream(value.split("\\*", -1))
                                .map(Pattern::quote)
                                .toList()) + "/.*";
    }

    /** Every address of the source network lies in the block (a bare address is a /32). */
    private static boolean within(Cidr network, Optional<Cidr> block) {
        return block.isPresent()
                && block.get().prefix() <= network.prefix()
                && block.get().overlaps(network);
    }
}
