package io.dkpmesh.core.api;

import java.util.Objects;

/**
 * How a front end phrases the fixes the engine suggests, so that findings name the user's own
 * command and setting while the engine only says what to do (after Jib's {@code HelpfulSuggestions},
 * GoogleContainerTools/jib jib-plugins-common/src/main/java/com/google/cloud/tools/jib/plugins/common/HelpfulSuggestions.java). The engine never spells a command or a setting of any
 * front end; a front end that passes nothing gets {@link #NEUTRAL}.
 *
 * @param renderAgain    how to write the tree again, as an imperative: "render again with dkp-mesh"
 * @param topologySetting the setting that names the topology file: "the topology file setting"
 */
public record Suggestions(String renderAgain, String topologySetting) {

    /** Phrasing that names no front end. */
    public static final Suggestions NEUTRAL =
            new Suggestions("render the tree again with dkp-mesh", "the setting that names the topology file");

    public Suggestions {
        Objects.requireNonNull(renderAgain, "renderAgain");
        Objects.requireNonNull(topologySetting, "topologySetting");
    }

    /** The fix for a tree that differs from what a render writes. */
    public String staleTree() {
        return renderAgain + " and commit the result";
    }

    /** The fix for a topology file that cannot be read. */
    public String unreadableTopology() {
        return "create it or point " + topologySetting + " at it";
    }
}
