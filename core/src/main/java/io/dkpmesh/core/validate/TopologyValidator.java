package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.load.Ahead;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.LoadedDocument;
import io.dkpmesh.core.load.SourceMap;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TopologyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Load, then schema, then semantic rules: each stage runs only on what the previous one accepted,
 * and all findings of the deepest stage reached come back at once.
 */
public final class TopologyValidator {

    private final Suggestions suggestions;

    /** Names and references: what every later rule relies on. */
    private final List<Rule> identity;

    /** The semantic rules after {@link #identity}: the validator's own and the providers', in order. */
    private final List<Rule> rules;

    /** What the providers answer of their meshes, for the rules that ask ({@link MeshFacts}). */
    private final ProviderRules providers;

    /**
     * A validator whose findings phrase their fixes with {@link Suggestions#NEUTRAL}.
     *
     * @param providers the mesh providers' rules, in the registry's order, and their answers
     */
    public TopologyValidator(ProviderRules providers) {
        this(Suggestions.NEUTRAL, providers);
    }

    /**
     * A validator whose findings phrase their fixes the way {@code suggestions} says.
     *
     * @param providers the mesh providers' rules, in the registry's order, and their answers
     */
    public TopologyValidator(Suggestions suggestions, ProviderRules providers) {
        this.suggestions = Objects.requireNonNull(suggestions, "suggestions");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.identity = identity(providers);
        this.rules = rules(providers);
    }

    /** The identity rules, which run whatever the others find. */
    static List<Rule> identity(ProviderRules providers) {
        return List.of(new ClusterRules(), new MeshRules(providers), new MeshShapeRules(providers));
    }

    /** The validator's own rules in their order, each provider's rule at its {@link Rule.Point}. */
    static List<Rule> rules(ProviderRules providers) {
        List<Rule.At> providerRules = providers.rules();
        List<Rule> rules = new ArrayList<>();
        at(Rule.Point.FIRST, providerRules, rules);
        rules.add(new AccessRules(providers));
        at(Rule.Point.AFTER_ACCESS, providerRules, rules);
        rules.add(new PlatformCallers());
        at(Rule.Point.AFTER_PLATFORM_CALLERS, providerRules, rules);
        rules.add(new ResidencyRules(providers));
        at(Rule.Point.AFTER_RESIDENCY, providerRules, rules);
        rules.add(new GitopsRules());
        at(Rule.Point.AFTER_GITOPS, providerRules, rules);
        rules.add(new ClusterVersionRules());
        at(Rule.Point.AFTER_CLUSTER_VERSIONS, providerRules, rules);
        return List.copyOf(rules);
    }

    private static void at(Rule.Point point, List<Rule.At> providerRules, List<Rule> rules) {
        providerRules.stream().filter(at -> at.point() == point).forEach(at -> rules.add(at.rule()));
    }

    /** Compiled on the other core while the topology file is read and parsed: both are cold-JVM work. */
    private final Ahead<TopologySchema> schema = Ahead.start(TopologySchema::new);

    /** Waits until the schema is compiled, whether or not that succeeded (validate says how it failed). */
    public void awaitSchema() {
        try {
            schema.get();
        } catch (RuntimeException e) {
            // validate() throws it where it belongs
        }
    }

    /**
     * @param topologyFile the file to read
     * @param displayName  how findings name it
     */
    public Validation validate(Path topologyFile, String displayName) {
        byte[] bytes;
        try {
            if (Files.size(topologyFile) > YamlLoader.MAX_BYTES) {
                bytes = new byte[YamlLoader.MAX_BYTES + 1];
            } else {
                bytes = Files.readAllBytes(topologyFile);
            }
        } catch (IOException e) {
            Findings findings = new Findings(new SourceMap(displayName));
            findings.error(
                    FindingCode.TOPOLOGY_FILE,
                    "",
                    "cannot read the topology file (" + e.getClass().getSimpleName() + "); "
                            + suggestions.unreadableTopology());
            return new Validation(Optional.empty(), Map.of(), findings.sorted(), findings.positions());
        }
        Path base = topologyFile.toAbsolutePath().getParent();
        return validate(displayName, bytes, base, repositoryRoot(base));
    }

    /** Validates bytes as if read from a file in {@code baseDir} of a repository at {@code repoRoot}. */
    public Validation validate(String displayName, byte[] bytes, Path baseDir, Path repoRoot) {
        LoadedDocument document = YamlLoader.loadTopology(displayName, bytes);
        Findings findings = new Findings(document.positions());
        findings.addAll(document.findings());
        if (document.root().isEmpty() || findings.hasErrors()) {
            return new Validation(Optional.empty(), Map.of(), findings.sorted(), findings.positions());
        }
        // before the schema: a token pasted into a field is that mistake, not a pattern mismatch
        TopologySecrets.check(document.root().get(), findings);
        if (findings.hasErrors()) {
            return new Validation(Optional.empty(), Map.of(), findings.sorted(), findings.positions());
        }
        schema.get().validate(document.root().get(), findings);
        if (findings.hasErrors()) {
            return new Validation(Optional.empty(), Map.of(), findings.sorted(), findings.positions());
        }
        Topology topology = TopologyReader.read(document.root().get());
        for (Rule rule : identity) {
            rule.check(topology, findings);
        }
        followingRules(topology, findings);
        Map<String, String> cas = MetadataCAs.read(topology, baseDir, repoRoot, findings);
        boolean ok = !findings.hasErrors();
        return new Validation(
                ok ? Optional.of(topology) : Optional.empty(),
                ok ? cas : Map.of(),
                findings.sorted(),
                findings.positions());
    }

    /**
     * One mistake, one finding: while two clusters share a name, which one a mesh means is
     * unknown, so the later rules wait for that to be fixed; a mesh naming an undefined cluster
     * gets no later findings of its own (they would only follow from the missing member). A mesh
     * refused for its size stops them too: their work grows with the pairs of members, and the fix
     * (hubs, or fewer members) changes what they would say.
     */
    private void followingRules(Topology topology, Findings findings) {
        if (findings.sorted().stream()
                        .anyMatch(f -> f.code().equals(FindingCode.DUPLICATE_NAME.code())
                                && f.pointer().startsWith("/spec/clusters/"))
                || MeshShapeRules.refused(topology, providers)) {
            return;
        }
        Findings later = new Findings(findings.positions());
        for (Rule rule : rules) {
            rule.check(topology, later);
        }
        List<String> unresolved =
                MeshRules.unresolved(topology).stream().map(m -> m.pointer()).toList();
        findings.addAll(later.sorted().stream()
                .filter(f -> unresolved.stream()
                        .noneMatch(p -> f.pointer().equals(p) || f.pointer().startsWith(p + "/")))
                .toList());
    }

    /** The nearest folder holding {@code .git}, else the topology's own folder. */
    public static Path repositoryRoot(Path base) {
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return base;
    }
}
