package io.dkpmesh.core.model;

import java.util.List;

/**
 * A service a federation member offers to the others.
 *
 * @param ports the exporter's Service ports, when the topology gives them (cilium: what a consumer
 *     member's Service must declare); empty when not given
 * @param workloadLabels the labels of the exporter's pods behind the Service, in key order (cilium:
 *     the federation boundary opens exactly the pods carrying all of them); empty when not given
 */
public record Export(
        String pointer,
        String cluster,
        String namespace,
        String service,
        List<ServicePort> ports,
        java.util.Map<String, String> workloadLabels) {

    public Export {
        ports = List.copyOf(ports);
        workloadLabels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(workloadLabels));
    }

    /** An export whose pods' labels the topology does not give. */
    public Export(String pointer, String cluster, String namespace, String service, List<ServicePort> ports) {
        this(pointer, cluster, namespace, service, ports, java.util.Map.of());
    }

    /** The key of the Service across clusters: Cilium merges Services of one name and namespace. */
    public String key() {
        return namespace + "/" + service;
    }

    /** One port of a Service: its name ("" when unnamed), port number and protocol (TCP, UDP or SCTP). */
    public record ServicePort(String pointer, String name, int port, String protocol) {}
}
