package io.dkpmesh.core.render;

import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the planners decided to render, and any finding that only shows once objects are merged
 * (such as two meshes asking contradicting settings of one cluster).
 */
public final class Plan {

    private final Topology topology;
    private final Map<String, String> metadataCAs;
    private final Findings findings;
    private final List<Document> documents = new ArrayList<>();

    public Plan(Topology topology, Map<String, String> metadataCAs, Findings findings) {
        this.topology = topology;
        this.metadataCAs = metadataCAs;
        this.findings = findings;
    }

    public Topology topology() {
        return topology;
    }

    /** PEM of a cluster's metadata CA, when it has one. */
    public Map<String, String> metadataCAs() {
        return metadataCAs;
    }

    public Findings findings() {
        return findings;
    }

    public void add(Document document) {
        documents.add(document);
    }

    public List<Document> documents() {
        return List.copyOf(documents);
    }
}
