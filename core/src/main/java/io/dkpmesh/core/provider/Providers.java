package io.dkpmesh.core.provider;

import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.provider.cilium.CiliumProvider;
import io.dkpmesh.core.provider.istio.IstioProvider;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.validate.MeshFacts;
import io.dkpmesh.core.validate.ProviderRules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of mesh providers, as Error Prone's {@code BuiltInCheckerSuppliers} lists its checks:
 * one line per provider, in the order their planners run. Adding a provider is its package and
 * one line here (docs/architecture.md, "Adding a provider").
 */
public final class Providers {

    /** The built-in providers: Istio's planners run before Cilium's, as they always did. */
    public static final List<MeshProvider> BUILT_IN = of(List.of(new IstioProvider(), new CiliumProvider()));

    private Providers() {}

    /**
     * A registry of these providers, in this order; refuses two for one {@link Provider}, whose
     * meshes would then be rendered twice.
     */
    public static List<MeshProvider> of(List<MeshProvider> providers) {
        Set<Provider> seen = EnumSet.noneOf(Provider.class);
        for (MeshProvider provider : providers) {
            if (!seen.add(provider.provider())) {
                throw new IllegalArgumentException(
                        "two providers registered for " + provider.provider().label());
            }
        }
        return List.copyOf(new ArrayList<>(providers));
    }

    /**
     * The providers' validation rules, in the registry's order, and their answers to the validator's
     * own rules ({@code MeshProvider.meshFacts()}), for {@code validate.TopologyValidator}.
     */
    public static ProviderRules validationRules(List<MeshProvider> providers) {
        Map<Provider, MeshFacts> facts = new EnumMap<>(Provider.class);
        providers.forEach(provider -> facts.put(provider.provider(), provider.meshFacts()));
        return new ProviderRules(
                providers.stream()
                        .flatMap(provider -> provider.validationRules().stream())
                        .toList(),
                facts);
    }

    /** The providers whose objects the access matrix does not model ({@link MeshProvider#modelsAccess()}). */
    public static Set<Provider> unmodelledAccess(List<MeshProvider> providers) {
        Set<Provider> unmodelled = EnumSet.noneOf(Provider.class);
        providers.stream()
                .filter(provider -> !provider.modelsAccess())
                .forEach(provider -> unmodelled.add(provider.provider()));
        return unmodelled;
    }

    /**
     * New readers of the providers that read their meshes back from a fleet, in the registry's
     * order, for one import ({@code importer.FleetImport}).
     */
    public static List<MeshReader> meshReaders(List<MeshProvider> providers) {
        return providers.stream()
                .filter(MeshReader.Source.class::isInstance)
                .map(provider -> ((MeshReader.Source) provider).meshReader())
                .toList();
    }

    /** The topology's providers that no registered provider implements: their meshes would not be rendered. */
    public static Set<Provider> missing(List<MeshProvider> providers) {
        Set<Provider> missing = EnumSet.allOf(Provider.class);
        providers.forEach(provider -> missing.remove(provider.provider()));
        return missing;
    }
}
