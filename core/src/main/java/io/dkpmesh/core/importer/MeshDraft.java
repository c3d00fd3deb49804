package io.dkpmesh.core.importer;

import io.dkpmesh.core.model.AccessRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mesh being rebuilt by the import; {@link #toMap} writes it in the topology's field order. The
 * import makes it from pairs of peers ({@link MeshReader.Peers}), names and orders it; the readers
 * fill its fields.
 */
public final class MeshDraft {
    public String name;
    public final String type;
    public final String provider;
    public final List<String> members;
    /** The kind of peer link whose pairs made it ({@link MeshReader.Peers#model}); null when no pair did. */
    public final String model;
    /** The hubs of a hub-and-spoke mesh, in topology order; empty for a full mesh. */
    public List<String> hubs = List.of();

    int index;
    public Map<String, Object> ingressGateway;
    public boolean flatNetwork;
    public Long maxConnectedClusters;
    public String mtls;
    public final List<String> namespaces = new ArrayList<>();
    public final Map<String, Map<String, Object>> exports = new LinkedHashMap<>();
    public final Map<String, Map<String, Object>> access = new LinkedHashMap<>();
    public final Map<String, Map<String, Object>> traffic = new LinkedHashMap<>();

    /** A mesh no pair of peers made (a single cluster's, say). */
    public MeshDraft(String type, String provider, List<String> members) {
        this(type, provider, members, null);
    }

    MeshDraft(String type, String provider, List<String> members, String model) {
        this.type = type;
        this.provider = provider;
        this.members = members;
        this.model = model;
    }

    /** The same mesh (members, hubs, peer link) of another type. */
    public MeshDraft withType(String other) {
        MeshDraft out = new MeshDraft(other, provider, members, model);
        out.hubs = hubs;
        return out;
    }

    /** Its pointer in the topology. */
    public String pointer() {
        return "/spec/meshes/" + index;
    }

    /** Where {@code key} stands in one of its lists ({@link #exports}, {@link #access}, {@link #traffic}). */
    public int position(Map<String, ?> in, String key) {
        return new ArrayList<>(in.keySet()).indexOf(key);
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("type", type);
        out.put("provider", provider);
        out.put("clusters", members);
        if (!hubs.isEmpty()) {
            out.put("hubs", hubs);
        }
        if (ingressGateway != null) {
            out.put("ingressGateway", ingressGateway);
        }
        if (flatNetwork) {
            out.put("flatNetwork", true);
        }
        if (maxConnectedClusters != null && maxConnectedClusters != 255) {
            out.put("cilium", Map.of("maxConnectedClusters", maxConnectedClusters));
        }
        if (mtls != null) {
            out.put("mtls", mtls);
        }
        if (!namespaces.isEmpty()) {
            out.put("namespaces", namespaces);
        }
        if (!exports.isEmpty()) {
            out.put("exports", new ArrayList<>(exports.values()));
        }
        if (!access.isEmpty()) {
            out.put("access", new ArrayList<>(access.values()));
        }
        if (!traffic.isEmpty()) {
            out.put("traffic", new ArrayList<>(traffic.values()));
        }
        return out;
    }

    /**
     * A caller of an access rule, narrowed to a service account ({@code *}: every one of the
     * namespace); the namespace and service account a DKP platform component runs as is that
     * {@code platform}, as the topology expands it (AccessRule.Platform).
     */
    public static Map<String, Object> caller(
            Optional<String> cluster, Optional<String> namespace, Optional<String> serviceAccount) {
        Optional<String> account = serviceAccount.filter(a -> !a.equals("*"));
        Optional<AccessRule.Platform> platform =
                namespace.flatMap(ns -> account.flatMap(a -> AccessRule.Platform.running(ns, a)));
        if (platform.isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>();
            cluster.ifPresent(c -> out.put("cluster", c));
            out.put("platform", platform.get().label());
            return out;
        }
        Map<String, Object> out = caller(cluster, namespace);
        account.ifPresent(a -> out.put("serviceAccount", a));
        return out;
    }

    /** A caller of an access rule: a cluster's, a namespace's (in every member), or both. */
    public static Map<String, Object> caller(Optional<String> cluster, Optional<String> namespace) {
        Map<String, Object> out = new LinkedHashMap<>();
        cluster.ifPresent(c -> out.put("cluster", c));
        namespace.ifPresent(n -> out.put("namespace", n));
        return out;
    }
}
