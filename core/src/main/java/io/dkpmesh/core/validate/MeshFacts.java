package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import java.util.Optional;

/**
 * What the validator's own rules ask the provider of a mesh where their logic is the same for every
 * provider and only a fact of the provider differs. A provider answers in its package and hands
 * its answers over as {@code MeshProvider.meshFacts()}; the facade gives the registry's answers to
 * {@link TopologyValidator} ({@link ProviderRules}), which imports no provider.
 *
 * <p>No method has a default: a new provider does not compile until it answers each, just as it
 * did not compile with the exhaustive switch expressions over {@code Provider} that these questions
 * replace ({@code MeshRules}' editions, {@code MeshShapeRules}' growth per peer).
 */
public interface MeshFacts {

    /**
     * {@code MeshRules}: whether a mesh of this type needs DKP's alliance (istio federation and
     * multicluster), which DKP ships in EE and CSE Pro only (DOMAIN.md §6), so every member must run
     * one of them.
     */
    boolean needsAlliance(MeshType type);

    /** An error a provider reports for the rule that asked, at {@code pointer}. */
    record Refusal(FindingCode code, String pointer, String message) {}

    /**
     * {@code MeshShapeRules}: why this mesh, which lists hubs, cannot have them, or empty when it can
     * (then the rule checks that the hubs are members).
     */
    Optional<Refusal> refusesHubs(Mesh mesh);

    /**
     * {@code MeshShapeRules}: why this mesh has more members than the provider can join, or empty
     * when it has not. A refusal stops the later rules, as a full mesh too large to render does.
     */
    Optional<Refusal> tooManyMembers(Mesh mesh);

    /**
     * {@code MeshShapeRules}: what grows with each peer of a member of this mesh, a sentence or two
     * that follow the peer-count warning (DKPM214), each with a leading space.
     */
    String growsPerPeer(Mesh mesh);

    /**
     * {@code AccessRules}: why {@code sourceIPPreserved} does nothing in this mesh, a phrase that
     * follows "mesh 'name'" (" has no flat network"), or empty where the provider's policies match
     * the callers' source IPs with it.
     */
    Optional<String> sourceIPIgnored(Mesh mesh);

    /**
     * {@code ResidencyRules}: whether this multicluster shares every namespace between its members,
     * listed in {@code namespaces} or not; then the provider's own rule judges a residency-bound
     * namespace in it, and the validator's does not report the listed namespace.
     */
    boolean sharesEveryNamespace(Mesh mesh);
}
