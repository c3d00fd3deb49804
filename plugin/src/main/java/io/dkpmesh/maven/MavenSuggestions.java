package io.dkpmesh.maven;

import io.dkpmesh.core.api.Suggestions;

/**
 * The engine's fixes phrased for Maven users: the goal to run and the property to set, spelled
 * from {@link PropertyNames} (after Jib's {@code HelpfulSuggestions}, which its Maven plugin
 * builds with Maven's command and parameter names: GoogleContainerTools/jib
 * jib-maven-plugin, HelpfulSuggestionsProvider).
 */
final class MavenSuggestions {

    static final Suggestions MAVEN = new Suggestions("run mvn dkp-mesh:render", PropertyNames.TOPOLOGY);

    private MavenSuggestions() {}
}
