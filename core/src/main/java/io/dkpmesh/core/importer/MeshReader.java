package io.dkpmesh.core.importer;

import io.dkpmesh.core.api.FindingCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the import asks of a mesh provider (docs/import.md, docs/architecture.md "Adding a
 * provider"): which of a fleet's objects are its meshes' objects, and what they say back in the
 * topology (meshes, members, exports, traffic, access, a member's facts) with their findings. The
 * import reads the fleet, pairs peers into meshes, names and orders them, writes the topology and
 * the report; it names no provider. A provider's reader answers at fixed {@link Stage}s of that
 * sequence, and the registry's order decides between readers at one stage, one object at a time.
 * A reader is made for one import ({@link Source#meshReader}) and may keep state for it.
 */
public interface MeshReader {

    /**
     * The passes over the objects nothing has read yet, in the order the import runs them; each pass
     * takes the objects left at its start and asks every reader about each, in the registry's order.
     * Between {@link #MODULE_SETTINGS} and {@link #LABELLED_SERVICES} the import reads Kustomize
     * Components, whose Service patches it hands to {@link MeshReader#servicePatch}; after
     * {@link #ACCESS} what is left is reported as left out or not expressible.
     */
    enum Stage {
        /** Objects that link their cluster to peers ({@link Context#link}): before any mesh exists. */
        PEERS,
        /** A member's module settings (Istio: ModuleConfig istio), once the meshes exist. */
        MODULE_SETTINGS,
        /** Services labelled as exports (Istio federation). */
        LABELLED_SERVICES,
        /** The consumer side of another member's export (Cilium federation's selector-less Services). */
        CONSUMER_SERVICES,
        /** Global Services no Component's patch explained (Cilium). */
        GLOBAL_SERVICES,
        /** Traffic rules of a Service (Istio: DestinationRules). */
        TRAFFIC,
        /** Routes that complete a traffic rule (Istio: a canary's VirtualService). */
        ROUTES,
        /** Objects that tell exports' workload labels, read before the access policies that select by them (Cilium). */
        BOUNDARIES,
        /** Access and transport policies (Istio: PeerAuthentication, AuthorizationPolicy; Cilium: its policies). */
        ACCESS
    }

    /**
     * A kind of peer link a reader records: two clusters that link each other this way are a pair,
     * and the pairs make meshes of {@code provider} and {@code type}.
     *
     * @param model        the link's name, unique in the registry ({@link Context#link})
     * @param missingHalf  how a one-sided pair's finding names the missing half; empty: by the object's kind
     * @param mapsPeers    whether the import maps each pair's objects to the mesh's {@code clusters}
     *                     (otherwise the reader gave them their row)
     */
    record Peers(String model, String provider, String type, Optional<String> missingHalf, boolean mapsPeers) {}

    /** A provider that reads its meshes back from a fleet: registered as a {@code MeshProvider} that is one. */
    interface Source {

        /** A new reader, for one import. */
        MeshReader meshReader();
    }

    /** What a reader may ask and tell the import. */
    interface Context {

        /** Every object read, in the fleet's order. */
        List<FleetObject> objects();

        /** The objects nothing has given a row yet, in the fleet's order. */
        List<FleetObject> open();

        /** The clusters of the import: the clusters file's, then the folders'. */
        List<String> clusters();

        /** The clusters file's facts of a cluster (empty when it names none). */
        Map<String, Object> facts(String cluster);

        /** A fact of a cluster: the clusters file's, else what an object said ({@link #observe}). */
        Object fact(String cluster, String key);

        /** What objects said under {@code key} (a cluster, or a key of the reader's own): never null. */
        Map<String, Object> derived(String key);

        /** An object says {@code key} of {@code cluster}: the first observation wins, a different one is a finding. */
        void observe(String cluster, String key, Object value, FleetObject o);

        /** An object of {@code from} links it to {@code to} by a {@link Peers#model}. */
        void link(String model, String from, String to, FleetObject o);

        /** The meshes, in the topology's order, once {@link Stage#PEERS} is over. */
        List<MeshDraft> meshes();

        /** The first mesh of this provider (and type, unless null) with this member. */
        Optional<MeshDraft> meshOf(String cluster, String provider, String type);

        /** The object's row of the report; the first one given stays. */
        void row(FleetObject o, Outcome outcome, String where);

        /** A warning at a field of the object. */
        void finding(FindingCode code, FleetObject o, String pointer, String message);

        /** An object no topology field renders whole: kept out, with a finding (or left out, if dkp-mesh rendered it). */
        void notExpressible(FleetObject o, String field, String reason);

        /** The first render names the object differently: a finding and a line of the report. */
        void rename(FleetObject o, String renderedName);

        /** An export of the mesh ({@code exports}); returns its pointer. */
        String export(MeshDraft mesh, String cluster, String namespace, String service);

        /**
         * The access rule a policy amounts to, under {@code <namespace>/<service>} of the mesh; another
         * member's policy for it with other callers is a finding. Returns its key in {@link MeshDraft#access}.
         */
        String accessRule(
                MeshDraft mesh,
                FleetObject o,
                String namespace,
                Optional<String> service,
                Map<String, Object> workloadLabels,
                List<Object> from,
                String fromPointer);

        /** The settings of a DKP module of {@link MeshReader#modules} a cluster's objects give. */
        void moduleSettings(String cluster, String module, Map<String, Object> settings);

        /** Writes {@code key} of a cluster: the objects' value wins over the clusters file's, a difference is a finding. */
        void agree(Map<String, Object> cluster, String key, Object value, String name);
    }

    /** Its kinds of peer link, in the order their meshes come. */
    default List<Peers> peers() {
        return List.of();
    }

    /** Reads one object at a stage (anything not its own is left alone). */
    default void read(Stage stage, FleetObject o, Context fleet) {}

    /** After a stage's pass over every object. */
    default void finish(Stage stage, Context fleet) {}

    /**
     * The meshes the pairs made, before they are named: a reader may add meshes no pair makes or
     * change the type of its own ({@link MeshDraft#withType}).
     */
    default void meshes(Context fleet, List<MeshDraft> found) {}

    /** A name for one of its meshes that the clusters file does not name; empty: {@code <provider>-<type>}. */
    default Optional<String> meshName(Context fleet, MeshDraft mesh) {
        return Optional.empty();
    }

    /** Once the meshes are named and ordered: the mesh settings its objects said. */
    default void named(Context fleet) {}

    /**
     * A Service patch of a Kustomize Component that targets {@code namespace} (and {@code service},
     * if named): the pointers of what it maps to, having given the patch its row; empty when not its own.
     */
    default Optional<String> servicePatch(
            Context fleet, FleetObject patch, String namespace, Optional<String> service) {
        return Optional.empty();
    }

    /** The edition a placeholder gives a member, when its meshes need one (Istio federation: EE); empty: CE. */
    default Optional<String> edition(Context fleet, String cluster) {
        return Optional.empty();
    }

    /** A cluster's facts its objects tell, written into {@code out} (the clusters file's facts and the placeholders). */
    default void cluster(Context fleet, String cluster, Map<String, Object> out, Map<String, String> certificates) {}

    /**
     * The DKP modules whose settings it reads ({@link Context#moduleSettings}); the clusters file's
     * settings of these modules are replaced by what the objects say, or dropped.
     */
    default List<String> modules() {
        return List.of();
    }
}
