package io.dkpmesh.core.api;

/**
 * Every finding code the engine emits. Codes are stable: once released, a code keeps its meaning
 * and is never reused. docs/findings.md, generated from these and finding-help.properties, lists them
 * all (a test keeps it current).
 */
public enum FindingCode {
    // 0xx: reading the file
    YAML_SYNTAX("DKPM001", "YAML syntax error"),
    DUPLICATE_KEY("DKPM002", "duplicate key in a mapping"),
    LIMIT("DKPM003", "size, nesting, node-count or alias limit exceeded"),
    TAG("DKPM004", "YAML tag other than the core schema's"),
    NOT_A_DOCUMENT("DKPM005", "empty file, several documents, or a document that is not a mapping"),
    ENCODING("DKPM006", "not UTF-8 text"),
    TOPOLOGY_FILE("DKPM007", "topology file missing or unreadable"),

    // 011-029: import, a hand-written fleet read back into a topology
    IMPORT_FOLDER("DKPM011", "the import folder, or a file in it, cannot be read"),
    IMPORT_CLUSTERS_FILE("DKPM012", "the import's clusters file cannot be used"),
    IMPORT_KEY_MATERIAL(
            "DKPM013", "an imported object holds key material (a Secret, a private or CA key): refused, never copied"),
    IMPORT_ONE_SIDED(
            "DKPM014", "a peer object without its counterpart in the peer cluster: a one-sided pair is not a mesh"),
    IMPORT_PLACEHOLDER(
            "DKPM015", "a cluster fact that neither the clusters file nor the objects give: written as a placeholder"),
    IMPORT_NOT_EXPRESSIBLE("DKPM016", "an imported object the topology cannot express: kept out of it"),
    IMPORT_RENAMED("DKPM017", "an imported object gets another name in the first render"),
    IMPORT_DISAGREE("DKPM018", "imported objects that must agree (members of one mesh, one host) disagree"),

    // 1xx: the topology JSON Schema
    SCHEMA_TYPE("DKPM101", "value of the wrong type"),
    SCHEMA_ENUM("DKPM102", "value not among the allowed ones"),
    SCHEMA_FORMAT("DKPM103", "value does not match the required pattern or length"),
    UNKNOWN_FIELD("DKPM104", "field the format does not know"),
    MISSING_FIELD("DKPM105", "required field missing"),
    SCHEMA_RANGE("DKPM106", "number out of range"),
    SCHEMA_OTHER("DKPM107", "other schema rule (item counts, uniqueness, combinations)"),

    // 2xx: clusters, meshes and references
    DUPLICATE_NAME("DKPM201", "two clusters or meshes share a name"),
    UNKNOWN_REFERENCE("DKPM202", "reference to a cluster that is not defined"),
    EDITION("DKPM203", "the DKP edition does not offer this mesh type"),
    SUBNET_OVERLAP("DKPM204", "pod or service subnets overlap between mesh members"),
    INVALID_CIDR("DKPM205", "not a valid CIDR"),
    METADATA_CA("DKPM206", "metadataCA is not a readable PEM certificate inside the repository"),
    MESH_MEMBERS("DKPM207", "wrong number of mesh members for the mesh type"),
    CONFLICTING_MESHES("DKPM208", "two clusters linked by meshes of conflicting types"),
    CROSS_ENVIRONMENT("DKPM209", "a mesh joins prod with other environments"),
    UNDECLARED_ENVIRONMENT("DKPM210", "a mesh joins clusters of which only some declare an environment"),
    RESIDENCY_MATCHES_NOTHING("DKPM211", "a residency rule's allowed labels match no cluster"),
    HUB_NOT_MEMBER("DKPM212", "a mesh's hub is not one of its members"),
    HUBS_NO_SHAPE("DKPM213", "hubs that make no hub-and-spoke: every member a hub, or a single-cluster mesh"),
    PEER_COUNT("DKPM214", "members with more peers than the documented threshold: per-peer work grows with each"),
    FULL_MESH_TOO_LARGE("DKPM215", "a full mesh too large to render: N·(N−1) peer objects; give it hubs"),

    // 3xx: Istio federation and multicluster
    CLUSTER_DOMAIN("DKPM301", "clusterDomain (trust domain) rules of the mesh model broken"),
    METADATA_ENDPOINT("DKPM302", "metadata endpoint missing, not https://, or shared by two members"),
    INGRESS_GATEWAY("DKPM303", "ingress gateway settings inconsistent"),
    DEPRECATED_ENDPOINT("DKPM304", "metadata endpoint on the deprecated istio. subdomain"),
    MODULE_SETTINGS_CONFLICT(
            "DKPM305", "meshes ask contradicting settings of one cluster (istio module, Cilium install)"),
    MODULE_SETTINGS_REFUSED(
            "DKPM310", "a cluster's moduleSettings that dkp-mesh must not deliver, or that nothing reads"),
    CLUSTER_VERSION("DKPM311", "the cluster's DKP or Istio version cannot enforce what the topology asks"),
    MODULE_SETTINGS_SIZE("DKPM312", "a cluster's moduleSettings are larger than a ModuleConfig should hold"),
    FEDERATION_GATEWAY_UNBOUNDED(
            "DKPM313",
            "a federation member's gateway carries multicluster traffic too: no boundary, peers reach every Service"),
    AMBIENT_POLICIES(
            "DKPM314", "ambient mode is on: access rules hold only for sidecar workloads, not behind waypoints"),
    MODULE_SETTINGS_UNKNOWN(
            "DKPM315", "a moduleSettings.istio key the module's known settings lack (DKP checks it when applied)"),
    EXPORT_TO_EVERY_FEDERATION(
            "DKPM316", "a cluster in several istio federations exports a service in only some of them"),
    ISTIO_MULTICLUSTER_HUBS(
            "DKPM320", "hubs on an istio multicluster: its primaries need every other member's endpoints"),

    // 4xx: Cilium ClusterMesh
    CILIUM_ID("DKPM401", "cilium.id missing, shared, or above 255 without maxConnectedClusters 511"),
    CILIUM_NAME("DKPM402", "cluster name not valid for Cilium"),
    CILIUM_APISERVER("DKPM403", "clustermesh-apiserver address or port missing"),
    CNI_CILIUM_UNSUPPORTED("DKPM404", "a ClusterMesh member on DKP cni-cilium, which does not configure ClusterMesh"),
    CILIUM_APISERVER_PORT("DKPM405", "peers would dial a port the clustermesh-apiserver Service does not serve"),
    CILIUM_NODE_PORT_RANGE(
            "DKPM406", "clustermesh-apiserver node port outside Kubernetes' default service-node-port-range"),
    CILIUM_CONSUMER_SERVICE(
            "DKPM407",
            "a cilium federation export without ports: its consumers get no Service, so they cannot reach it"),
    CILIUM_EXPORT_PORTS("DKPM408", "the ports of a cilium export cannot make a Service that matches the exporter's"),
    EXPORT_PORTS_UNUSED("DKPM409", "ports on an export of an istio mesh, which renders nothing from them"),
    CILIUM_CHART_VERSION(
            "DKPM410", "a Cilium chart version whose certgen hook never runs before clustermesh-apiserver is Ready"),
    CILIUM_EXPORT_WORKLOADS(
            "DKPM415",
            "a cilium federation export without workloadLabels: the boundary opens only pods labelled app: <service>"),
    CILIUM_WORKLOAD_LABELS_DIFFER(
            "DKPM416", "an export and an access rule on one cilium Service give different workloadLabels"),
    EXPORT_WORKLOADS_UNUSED("DKPM417", "workloadLabels on an export of an istio mesh, which renders nothing from them"),
    CILIUM_MESH_SIZE("DKPM418", "a cilium mesh with more members than its maxConnectedClusters allows"),

    // 5xx: traffic, access, policies
    TRAFFIC("DKPM501", "traffic rule cannot be rendered as written"),
    ACCESS_UNENFORCEABLE("DKPM502", "access rule the provider and model cannot enforce"),
    RESIDENCY("DKPM503", "residency-bound namespace exposed outside its allowed clusters"),
    UNKNOWN_SERVICE("DKPM504", "traffic or access names a service or namespace outside the mesh"),
    MTLS_UNENFORCEABLE("DKPM505", "an mTLS mode on a mesh whose provider has no Istio sidecars to enforce it"),
    ACCESS_SHARED_TRUST_DOMAIN(
            "DKPM515",
            "an istio federation access rule also admits a cluster outside it that shares a member's trust domain"),
    TRAFFIC_REMOTE_CALLERS(
            "DKPM516", "a federation traffic rule that remote callers outside the service's namespace do not get"),
    ACCESS_MISMATCH("DKPM540", "the rendered policies admit more or fewer callers than the topology asks"),
    PLATFORM_CALLER("DKPM510", "a platform caller also names a namespace or service account"),
    PLATFORM_CALLER_NO_SIDECAR(
            "DKPM511", "a platform caller runs without an Istio sidecar, so no AuthorizationPolicy can admit it"),
    PLATFORM_CALLER_SIDECAR_NEEDED(
            "DKPM512", "a platform caller that Istio admits only when its controller runs with an Istio sidecar"),
    USER_POLICY_UNREADABLE("DKPM513", "a file of the user's own policies cannot be read as YAML"),
    USER_POLICY_IGNORED("DKPM514", "a document or folder of the user's own policies is ignored"),

    // 6xx: GitOps delivery
    GITOPS("DKPM601", "the GitOps tool cannot deliver the trees as configured"),
    NAMESPACES_NEEDED("DKPM610", "the GitOps tool applies objects into namespaces it does not create"),

    // 7xx: rendering and the self-check of the output
    TEMPLATE("DKPM701", "a template failed"),
    OUTPUT_INVALID("DKPM702", "a rendered document is not valid"),
    SECRET("DKPM703", "a rendered document contains secret material"),
    TOPOLOGY_SECRET("DKPM704", "the topology contains secret material (a private key, token or credential field)"),
    NOT_REPRODUCIBLE(
            "DKPM705", "a user template's output is not reproducible: it reads .now, or renders differently twice"),
    USER_POLICIES_FOLDER("DKPM706", "the folder of the user's own policies cannot be read"),

    // 8xx: transitions: what the running clusters cannot simply take from the baseline to the new render
    TRANSITION_CILIUM_IDENTITY(
            "DKPM801",
            "a member's Cilium cluster.id, cluster.name or maxConnectedClusters changes on a running cluster"),
    TRANSITION_CILIUM_INSTALL("DKPM802", "a cluster starts or stops getting Cilium ClusterMesh values from dkp-mesh"),
    TRANSITION_TRUST_DOMAIN("DKPM811", "a member's trust domain (clusterDomain) changes"),
    TRANSITION_METADATA_ENDPOINT("DKPM812", "a member's metadata endpoint (publicDomain, metadataEndpoint) changes"),
    TRANSITION_MESH_TYPE("DKPM813", "a member switches between Istio federation and multicluster"),
    TRANSITION_MEMBER_MOVED("DKPM814", "a member moves to other peers (from one mesh to another)"),
    TRANSITION_DELIVERY_RENAMED(
            "DKPM821", "the topology or a cluster is renamed, so the GitOps tool's objects are renamed"),
    TRANSITION_DELIVERY_TOOL("DKPM822", "the GitOps tool is switched"),
    TRANSITION_DELIVERY_SOURCE("DKPM823", "where the GitOps tool reads the trees (repoURL, path) changes"),
    TRANSITION_HELMRELEASE_MOVED(
            "DKPM824", "a Flux HelmRelease moves to another Kustomization, whose old owner would prune it"),
    TRANSITION_ACCESS_CUT("DKPM831", "callers the baseline admits are denied after the change"),
    TRANSITION_ACCESS_ADDED_ACROSS("DKPM832", "the change admits a caller from another trust domain"),
    TRANSITION_MEMBER_REMOVED(
            "DKPM841", "a member leaves every mesh while it exports services to its peers, or they to it"),
    TRANSITION_EXPORT_REMOVED("DKPM842", "an export is removed while the member stays in the mesh"),

    // 9xx: the output tree
    OUTPUT_DIRECTORY("DKPM901", "output directory cannot be written safely"),
    STALE_TREE("DKPM902", "the tree on disk differs from what render would write"),
    OUTPUT_IO("DKPM903", "the file system refused to read or write the tree (disk full, permission, immutable file)"),
    OUTPUT_LOCKED("DKPM904", "another run is writing the output directory"),
    HAND_EDIT_KEPT("DKPM905", "a file dkp-mesh no longer renders was edited by hand: kept, and no longer owned"),
    BASELINE("DKPM906", "the baseline at a Git ref cannot be read"),
    HAND_EDIT_REPLACED("DKPM907", "render replaced a hand edit of an owned file");

    private final String code;
    private final String summary;

    FindingCode(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    public String code() {
        return code;
    }

    public String summary() {
        return summary;
    }
}
