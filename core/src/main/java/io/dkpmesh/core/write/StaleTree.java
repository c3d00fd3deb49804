package io.dkpmesh.core.write;

import io.dkpmesh.core.api.ChangePlan;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Severity;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.layout.Layout;
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
        changes.kept()
                .forEach(path -> stale.add(finding(
                        suggestions,
                        out,
                        path,
                        "is owned by dkp-mesh but no longer rendered, and was edited by hand: render keeps it and"
                                + " stops owning it")));
        if (stale.isEmpty() && changes.manifestChanged()) {
            stale.add(finding(suggestions, out, Layout.MANIFEST, "differs from what render writes"));
        }
        return stale;
    }

    /**
     * One warning per owned file that a render no longer writes but kept, since its bytes are not
     * those the manifest recorded: a hand edit is never deleted, and the file is no longer owned.
     */
    public static List<Finding> kept(Path outputDirectory, Changes changes) {
        return warnings(
                outputDirectory,
                changes.kept(),
                FindingCode.HAND_EDIT_KEPT,
                "is no longer rendered, but its bytes are not those dkp-mesh wrote (" + Layout.MANIFEST
                        + " records another sha256): a hand edit, so it was kept, and dkp-mesh no longer"
                        + " owns it; delete it yourself if nothing needs it");
    }

    /**
     * One warning per owned file a render rewrote although its bytes were not those the manifest
     * recorded: the hand edit is gone from the tree (Git still has it), and the user should know.
     */
    public static List<Finding> replaced(Path outputDirectory, Changes changes) {
        return warnings(
                outputDirectory,
                changes.handEdited(),
                FindingCode.HAND_EDIT_REPLACED,
                "was edited by hand since dkp-mesh wrote it (" + Layout.MANIFEST
                        + " records another sha256), and render replaced the edit with the rendered file;"
                        + " make the change in the topology or a template instead (the edit is in Git's history"
                        + " if it was committed)");
    }

    /** One warning with {@code code} and {@code message} for each of {@code paths} in the tree. */
    private static List<Finding> warnings(
            Path outputDirectory, java.util.Collection<String> paths, FindingCode code, String message) {
        String out = outputDirectory.toString().replace('\\', '/');
        return paths.stream()
                .map(path -> new Finding(code.code(), Severity.WARNING, out + "/" + path, 0, 0, "", message))
                .toList();
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
