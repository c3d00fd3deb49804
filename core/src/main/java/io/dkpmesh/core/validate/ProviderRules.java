package io.dkpmesh.core.validate;

import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the mesh providers contribute to validation: their rules, each at its {@link Rule.Point}
 * (in the registry's order), and their answers to the validator's own rules ({@link MeshFacts}).
 *
 * @param rules the providers' rules, in the registry's order
 * @param facts each registered provider's answers
 */
public record ProviderRules(List<Rule.At> rules, Map<Provider, MeshFacts> facts) {

    /** No provider: the validator's own rules only, asking {@link #UNREGISTERED} of every mesh. */
    public static final ProviderRules NONE = new ProviderRules(List.of(), Map.of());

    /**
     * What the rules assume of a mesh whose provider is not registered (its meshes are not rendered):
     * nothing of its own.
     */
    static final MeshFacts UNREGISTERED = new MeshFacts() {
        @Override
        public boolean needsAlliance(MeshType type) {
            return false;
        }

        @Override
        public Optional<Refusal> refusesHubs(Mesh mesh) {
            return Optional.empty();
        }

        @Override
        public Optional<Refusal> tooManyMembers(Mesh mesh) {
            return Optional.empty();
        }

        @Override
        public String growsPerPeer(Mesh mesh) {
            return "";
        }

        @Override
        public Optional<String> sourceIPIgnored(Mesh mesh) {
            return Optional.of(" is " + mesh.provider().label());
        }

        @Override
        public boolean sharesEveryNamespace(Mesh mesh) {
            return false;
        }
    };

    public ProviderRules {
        rules = List.copyOf(rules);
        facts = Map.copyOf(facts);
    }

    /** The answers of the provider of {@code mesh}. */
    MeshFacts of(Mesh mesh) {
        return facts.getOrDefault(mesh.provider(), UNREGISTERED);
    }
}
