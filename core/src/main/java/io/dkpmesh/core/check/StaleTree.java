package io.dkpmesh.core.check;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.write.Manifest;
import io.dkpmesh.core.write.ObjectChanges;
import io.dkpmesh.core.write.TreeWriter.Changes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code check} reports about a tree on disk that is not what a render writes: one
 * {@code DKPM902} per file that is missing, edited, or owned but no longer rendered, saying
 * whether a hand edit or the topology made the difference.
 */
public final class StaleTree {

    private StaleTree() {}

    /** The findings for {@code changes}, the comparison of a render with the tree in {@code outputDirectory}. */
    public static List<Finding> findings(Path outputDirectory, Changes changes, Suggestions suggestions) {
        List<Finding> stale = new ArrayList<>();
        String out = outputDirectory.toString().replace('\\', '/');
        Map<String, String> recorded = changes.previous().map(Manifest::files).orElse(new TreeMap<>());
        changes.writes().forEach((path, content) -> {
            if (changes.missing().contains(path)) {
                stale.add(finding(
                        suggestions,
                        out,
                        path,
                        recorded.containsKey(path) ? "was deleted by hand since render wrote it" : "is missing"));
                return;
            }
            ChangePlan.Cause cause = ObjectChanges.cause(
                    Optional.ofNullable(recorded.get(path)),
                    Optional.of(Manifest.sha256(ObjectChanges.read(outputDirectory.resolve(path)))),
                    changes.sha256().get(path));
            stale.add(finding(
                    suggestions,
                    out,
                    path,
                    switch (cause) {
                        case HAND_EDIT -> "was edited by hand since render wrote it";
                        case BOTH -> "was edited by hand since render wrote it, and the topology changed too";
                        case TOPOLOGY -> "differs from what render writes: the topology changed";
                    }));
        });
        changes.stale()
                .forEach(path ->
                        stale.add(finding(suggestions, out, path, "is owned by dkp-mesh but no longer rendered")));
        if (stale.isEmpty() && changes.manifestChanged()) {
            stale.add(finding(suggestions, out, Layout.MANIFEST, "differs from what render writes"));
        }
        return stale;
    }

    private static Finding finding(Suggestions suggestions, String outputDirectory, String path, String what) {
        return new Finding(
                FindingCode.STALE_TREE.code(),
                Severity.ERROR,
                outputDirectory + "/" + path,
                0,
                0,
                "",
                what + "; " + suggestions.staleTree());
    }
}
