package io.dkpmesh.core.change;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.model.Topology;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a mesh provider answers for {@code diff} (through {@code render.MeshProvider.changes()}): the
 * facts its objects in a rendered tree tell the running clusters ({@link #reader()}), and which
 * changes of those facts a running cluster cannot simply take ({@link #judge}). {@link Transitions}
 * judges what every provider shares (the delivery, access, exports, members that leave or move)
 * from the facts each provider read.
 */
public interface MeshChanges {

    /** A provider that reads nothing and judges nothing. */
    MeshChanges NONE = new MeshChanges() {
        @Override
        public Reader reader() {
            return new Reader() {
                @Override
                public boolean reads(String path, String text) {
                    return false;
                }

                @Override
                public void read(String path, String owner, String kind, JsonNode root) {}

                @Override
                public Facts facts() {
                    return () -> new TreeSet<>();
                }
            };
        }

        @Override
        public void judge(Facts before, Facts after, Judge judge) {}
    };

    /** A new reader for the files of one tree. */
    Reader reader();

    /**
     * Where its rules run among the providers': {@link Point#IDENTITY} rules before
     * {@link Point#PEERS} rules, each group in the registry's order.
     */
    default Point point() {
        return Point.PEERS;
    }

    /**
     * Adds, through {@code judge}, the transitions of its meshes from the tree {@code before} to the
     * tree {@code after}: the facts its own reader read from each.
     */
    void judge(Facts before, Facts after, Judge judge);

    /**
     * The clusters whose callers lose a service that {@code member} stops exporting, as its meshes
     * tell them; empty when none of its meshes holds the member.
     */
    default Set<String> exportAudience(Facts before, Facts after, String member) {
        return Set.of();
    }

    /** Where a provider's rules run among the providers'. */
    enum Point {
        /** What a member's own datapath is told about itself (Cilium: its cluster name and id). */
        IDENTITY,
        /** What a member's peers are told about it (Istio: its peer objects). */
        PEERS
    }

    /** What one provider's objects in a tree tell the running clusters. */
    interface Facts {

        /** The clusters the tree puts in a mesh of this provider. */
        SortedSet<String> members();

        /**
         * The peers each cluster's own objects name (Istio: its IstioFederation and
         * IstioMulticluster objects); clusters whose objects name none are left out.
         */
        default SortedMap<String, SortedSet<String>> namedPeers() {
            return new TreeMap<>();
        }
    }

    /** Reads a provider's facts from the files of one tree, file by file. */
    interface Reader {

        /**
         * If a file of a cluster's tree (its path {@code within} that tree) is one of the Service
         * patches that export a service, named {@code service.<namespace>.<service>.yaml}: the folder
         * they are in.
         */
        default Optional<String> exportFolder(String within, byte[] content) {
            return Optional.empty();
        }

        /** Whether a YAML file of the tree holds its facts: a cheap test of its path and text before it is parsed. */
        boolean reads(String path, String text);

        /**
         * One parsed document of the tree (any file one of the providers or the delivery reads).
         *
         * @param owner the cluster whose tree holds it; empty for a fleet-wide file
         * @param kind  its {@code kind}; empty for none (a values file)
         */
        void read(String path, String owner, String kind, JsonNode root);

        /** What it read. */
        Facts facts();
    }

    /** Where a provider's rules add the transitions they find. */
    interface Judge {

        /** The topology of the new render. */
        Topology topology();

        /** The clusters that have a tree ({@code clusters/<c>/}) in the baseline. */
        SortedSet<String> clustersBefore();

        /** The clusters that have a tree in the new render. */
        SortedSet<String> clustersAfter();

        /**
         * A transition: the warning at {@code pointer} of the topology, and the steps that make it
         * safe with, for each, the clusters it changes.
         */
        void add(
                FindingCode code,
                String pointer,
                String message,
                List<String> steps,
                List<? extends Set<String>> touches);

        /**
         * A cluster whose workloads change identity: the access they seem to gain or lose is that
         * transition's, not one of its own.
         */
        void newIdentity(String cluster);
    }

    /** {@code cluster} and {@code others}, in name order. */
    static Set<String> with(String cluster, Collection<String> others) {
        SortedSet<String> all = new TreeSet<>(others);
        all.add(cluster);
        return all;
    }

    /** A text field of a node; empty when it is missing or not a value. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asString("") : "";
    }
}
