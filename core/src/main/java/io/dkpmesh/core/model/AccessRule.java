package io.dkpmesh.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call a namespace, or one service in it.
 *
 * @param workloadLabels the pod labels of the service's workloads, as written; empty means the
 *                       default {@code app: <service>}
 */
public record AccessRule(
        String pointer,
        String namespace,
        Optional<String> service,
        Map<String, String> workloadLabels,
        List<Caller> from) {

    /** The label a service's pods are assumed to carry when the rule gives none (Istio's app/version convention). */
    public static final String APP_LABEL = "app";

    public AccessRule {
        workloadLabels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workloadLabels));
        from = List.copyOf(from);
    }

    /** The labels that select the protected pods: as given, else {@code app: <service>}; empty for a whole namespace. */
    public Map<String, String> podSelector() {
        if (service.isEmpty()) {
            return Map.of();
        }
        return workloadLabels.isEmpty() ? Map.of(APP_LABEL, service.get()) : workloadLabels;
    }

    /**
     * A caller: a cluster, a namespace in any member, or a namespace in one cluster, optionally one
     * service account of that namespace. A platform caller as written ({@code platform: monitoring})
     * is read as one caller per namespace and service account of the component, each carrying the
     * platform it came from.
     *
     * @param serviceAccount only the pods running as this service account; empty: every one of the namespace
     * @param platform       the DKP platform component this caller stands for, when written as one
     */
    public record Caller(
            String pointer,
            Optional<String> cluster,
            Optional<String> namespace,
            Optional<String> serviceAccount,
            Optional<Platform> platform) {

        public Caller(String pointer, Optional<String> cluster, Optional<String> namespace) {
            this(pointer, cluster, namespace, Optional.empty(), Optional.empty());
        }

        /**
         * Whether no policy of this provider can admit the caller: a platform component that runs
         * without an Istio sidecar presents no principal to an Istio AuthorizationPolicy.
         */
        public boolean withoutIdentityIn(Provider provider) {
            return provider == Provider.ISTIO
                    && platform.filter(p -> p.sidecar() == Platform.Sidecar.NEVER)
                            .isPresent();
        }
    }

    /**
     * A DKP platform component that calls application workloads, by the namespace and service account
     * its pods run as, and whether they carry an Istio sidecar (without one a caller presents no
     * principal, so no principal-based AuthorizationPolicy admits it).
     */
    public enum Platform {
        /**
         * Prometheus {@code main}: deckhouse {@code modules/300-prometheus/templates/prometheus/prometheus.yaml}
         * ({@code namespace: d8-monitoring}, {@code serviceAccountName: prometheus}, no
         * {@code sidecar.istio.io/inject} label or annotation).
         */
        MONITORING("monitoring", "d8-monitoring", "prometheus", Sidecar.NEVER),
        /**
         * The IngressNginxController pods: deckhouse
         * {@code modules/402-ingress-nginx/templates/controller/controller.yaml}
         * ({@code namespace: d8-ingress-nginx}, {@code serviceAccountName: ingress-nginx}; the label
         * {@code sidecar.istio.io/inject: "true"} only with {@code spec.enableIstioSidecar}).
         */
        INGRESS_NGINX("ingress-nginx", "d8-ingress-nginx", "ingress-nginx", Sidecar.OPTIONAL),
        /**
         * The IngressIstioController gateways: deckhouse
         * {@code modules/110-istio/templates/ingress-gateway-controller/daemonset.yaml} (an Istio
         * {@code proxy router} in {@code d8-ingress-istio}, {@code serviceAccountName:
         * ingress-gateway-controller}, {@code TRUST_DOMAIN} the cluster domain): an Envoy with a mesh
         * identity of its own.
         */
        INGRESS_ISTIO("ingress-istio", "d8-ingress-istio", "ingress-gateway-controller", Sidecar.ALWAYS);

        /** Whether the component's pods present an Istio identity. */
        public enum Sidecar {
            ALWAYS,
            OPTIONAL,
            NEVER
        }

        private final String label;
        private final String namespace;
        private final String serviceAccount;
        private final Sidecar sidecar;

        Platform(String label, String namespace, String serviceAccount, Sidecar sidecar) {
            this.label = label;
            this.namespace = namespace;
            this.serviceAccount = serviceAccount;
            this.sidecar = sidecar;
        }

        public String label() {
            return label;
        }

        public String namespace() {
            return namespace;
        }

        public String serviceAccount() {
            return serviceAccount;
        }

        public Sidecar sidecar() {
            return sidecar;
        }

        /** The components a {@code platform} value names: {@code ingress} is both ingress controllers. */
        public static java.util.List<Platform> named(String value) {
            if (value.equals("ingress")) {
                return java.util.List.of(INGRESS_NGINX, INGRESS_ISTIO);
            }
            for (Platform platform : values()) {
                if (platform.label.equals(value)) {
                    return java.util.List.of(platform);
                }
            }
            return java.util.List.of();
        }

        /** The component whose pods run as this namespace and service account, if any. */
        public static Optional<Platform> running(String namespace, String serviceAccount) {
            for (Platform platform : values()) {
                if (platform.namespace.equals(namespace) && platform.serviceAccount.equals(serviceAccount)) {
                    return Optional.of(platform);
                }
            }
            return Optional.empty();
        }
    }
}
