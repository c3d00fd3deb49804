package io.dkpmesh.core;

import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.render.RenderedFile;
import java.util.List;

/**
 * A render result held in memory, validated and self-checked.
 *
 * @param topology the topology it was rendered from
 * @param files    the rendered files in path order, for all clusters
 * @param warnings the warning findings (a render never succeeds with errors)
 * @param access   who can call what in these files
 */
public record Rendered(Topology topology, List<RenderedFile> files, List<Finding> warnings, AccessMatrix access) {}
