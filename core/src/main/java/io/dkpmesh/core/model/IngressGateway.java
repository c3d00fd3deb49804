package io.dkpmesh.core.model;

import java.util.Optional;

/** How the federation/multicluster ingress gateway is exposed ({@code alliance.ingressGateway}). */
public record IngressGateway(String pointer, boolean declared, String inlet, Optional<Integer> nodePort) {

    public static final String LOAD_BALANCER = "LoadBalancer";
    public static final String NODE_PORT = "NodePort";
}
