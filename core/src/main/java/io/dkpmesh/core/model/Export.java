package io.dkpmesh.core.model;

import java.util.List;

/**
 * A service a federation member offers to the others.
 *
 * @param ports the exporter's Service ports, when the topology gives them (cilium: what a consumer
 *     member's Service must declare); empty when not given
 */
public record Export(String pointer, String cluster, String namespace, String service, List<ServicePort> ports) {

    public Export {
        ports = List.copyOf(ports);
    }

    /** The key of the Service across clusters: Cilium merges Services of one name and namespace. */
    public String key() {
        return namespace + "/" + service;
    }

    /** One port of a Service: its name ("" when unnamed), port number and protocol (TCP, UDP or SCTP). */
    public record ServicePort(String pointer, String name, int port, String protocol) {}
}
