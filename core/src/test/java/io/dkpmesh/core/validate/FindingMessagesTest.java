package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.InMemory;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings a person understands: what was expected in words with an example (never a regular
 * expression), the object named by its kind, the line to edit, and one finding per mistake.
 */
class FindingMessagesTest {

    private static final String F = Topologies.FEDERATION;

    private static List<String> findings(String yaml) {
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                        .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), Path.of("."), Path.of("."))
                        .findings()
                        .stream()
                        .map(Finding::format)
                        .toList();
    }

    @Test
    void unknownFieldSuggestsTheClosestKnownOneAndNamesTheObjectByKindWithoutAFollowOnMissingField() {
        assertThat(findings(F.replace("podSubnetCIDR: 10.112.0.0/16", "podSubnetCidr: 10.112.0.0/16")))
                .containsExactly(
                        "topology.yaml:19:7: error DKPM104 /spec/clusters/1/podSubnetCidr: unknown field 'podSubnetCidr' in cluster 'spb';"
                                + " did you mean `podSubnetCIDR`? (field names are case-sensitive)");
        assertThat(findings(F.replace("type: federation", "type: federation\n      flatNetwrk: true")))
                .containsExactly(
                        "topology.yaml:31:7: error DKPM104 /spec/meshes/0/flatNetwrk: unknown field 'flatNetwrk' in mesh 'retail-federation';"
                                + " did you mean `flatNetwork`?");
    }

    @Test
    void unknownFieldWithoutACloseMatchListsTheFieldsOfItsKind() {
        assertThat(findings(
                        F.replace("podSubnetCIDR: 10.112.0.0/16", "podSubnetCIDR: 10.112.0.0/16\n      owner: team-a")))
                .singleElement()
                .asString()
                .startsWith(
                        "topology.yaml:20:7: error DKPM104 /spec/clusters/1/owner: unknown field 'owner' in cluster 'spb';"
                                + " cluster has the fields name, edition, region,")
                .doesNotContain("'1'");
    }

    @Test
    void malformedCidrIsDkpm205InWordsWithAnExample() {
        String expected =
                ": expected an IPv4 CIDR block in dotted-quad notation with a prefix length of 0 to 32, for example 10.111.0.0/16";
        assertThat(findings(F.replace("10.112.0.0/16", "10.112.0.0/33")))
                .containsExactly("topology.yaml:19:22: error DKPM205"
                        + " /spec/clusters/1/podSubnetCIDR: '10.112.0.0/33' has prefix length 33, but an IPv4 prefix is at most 32"
                        + expected);
        assertThat(findings(F.replace("10.112.0.0/16", "10.112.0.0")))
                .containsExactly("topology.yaml:19:22: error DKPM205"
                        + " /spec/clusters/1/podSubnetCIDR: '10.112.0.0' has no prefix length (the '/16' part)"
                        + expected);
        assertThat(findings(F.replace("10.223.0.0/16", "fd00::/64")))
                .containsExactly("topology.yaml:20:26: error DKPM205"
                        + " /spec/clusters/1/serviceSubnetCIDR: 'fd00::/64' is IPv6, which is not supported here"
                        + expected);
    }

    @Test
    void patternedFieldsSayWhatWasExpectedInWordsNeverTheRegex() {
        assertThat(findings(F.replace("name: spb", "name: SPB_1")))
                .containsExactly("topology.yaml:14:13: error DKPM103"
                        + " /spec/clusters/1/name: 'SPB_1' is not valid here: expected a cluster name: lower-case letters, digits and '-',"
                        + " starting and ending with a letter or digit, at most 32 characters (the limit Cilium ClusterMesh puts on cluster"
                        + " names), for example msk");
        assertThat(findings(F.replace(
                        "spec:\n",
                        "spec:\n  gitops: {tool: argocd, repoURL: 'http://git.example.com/x y', path: rendered}\n")))
                .containsExactly(
                        "topology.yaml:6:35: error DKPM103 /spec/gitops/repoURL: 'http://git.example.com/x y' is not valid here:"
                                + " expected URL of the Git repository that holds the rendered output (https://, ssh:// or git@ form, no braces:"
                                + " it is copied into an Argo CD Go template), for example https://git.example.com/platform/mesh.git");
        assertThat(findings(F.replace("name: spb", "name: SPB_1")).get(0))
                .doesNotContain("^")
                .doesNotContain("[a-z");
    }

    @Test
    void requiredBecauseOfSaysWhy() {
        assertThat(findings(F.replace(
                        "clusters: [msk, spb, ams]",
                        "clusters: [msk, spb, ams]\n      ingressGateway: {inlet: NodePort}")))
                .containsExactly(
                        "topology.yaml:33:23: error DKPM105 /spec/meshes/0/ingressGateway/nodePort: required field 'nodePort'"
                                + " is missing in ingressGateway of mesh 'retail-federation'; it is required because inlet is NodePort");
        assertThat(findings(F.replace(
                        "spec:\n", "spec:\n  gitops: {tool: flux, repoURL: https://git.example.com/m.git}\n")))
                .containsExactly(
                        "topology.yaml:6:11: error DKPM105 /spec/gitops/path: required field 'path' is missing in spec.gitops;"
                                + " it is required because tool is argocd or flux");
    }

    @Test
    void enumsAndTypesInWords() {
        assertThat(findings(F.replace("edition: EE\n      region: eu-west", "edition: ee\n      region: eu-west")))
                .containsExactly(
                        "topology.yaml:22:16: error DKPM102 /spec/clusters/2/edition: 'ee' is not one of CE, BE, SE, SE+, EE, CSE-Lite, CSE-Pro;"
                                + " did you mean 'EE'? (the values are case-sensitive)");
        assertThat(findings(F.replace("clusters: [msk, spb, ams]", "clusters: msk")))
                .containsExactly(
                        "topology.yaml:32:17: error DKPM101 /spec/meshes/0/clusters: expected a list, got 'msk'; write a single item as a list: [msk]");
    }

    @Test
    void yamlParserWordingIsTranslatedAtTheLineToEdit() {
        assertThat(findings(F.replace("      region: eu-west", "     region: eu-west")))
                .containsExactly(
                        "topology.yaml:23:6: error DKPM001 /: YAML syntax error: this line is indented differently from the lines above it;"
                                + " indent the fields of one object by the same number of spaces (list items \"- \" under their key alike)");
        assertThat(findings(F.replace("      region: eu-west", "        region: eu-west")))
                .containsExactly(
                        "topology.yaml:23:15: error DKPM001 /: YAML syntax error: unexpected ':' here; either this line is indented further"
                                + " than the field above it (align it with that field), or a value contains ': ' and needs quotes");
        assertThat(findings(F.replace("region: eu-west", "region eu-west")))
                .containsExactly(
                        "topology.yaml:23:7: error DKPM001 /: YAML syntax error: this line is neither 'field: value' nor a list item;"
                                + " write ': ' (a colon and a space) after the field name");
        assertThat(findings(F.replace("      region: eu-west", "\tregion: eu-west")))
                .containsExactly(
                        "topology.yaml:23:1: error DKPM001 /: YAML syntax error: a tab character here; YAML indents with spaces only,"
                                + " replace the tab with spaces");
        assertThat(findings(F.replace("region: eu-west", "region: 'eu-west")))
                .containsExactly(
                        "topology.yaml:23:15: error DKPM001 /: YAML syntax error: the quote opened here is never closed; add the closing quote");
        assertThat(findings(F.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb, ams")))
                .containsExactly(
                        "topology.yaml:32:17: error DKPM001 /: YAML syntax error: the list opened with '[' here is not closed;"
                                + " end it with ']' on the same line, with ', ' between its items");
        assertThat(findings(F.replace("      region: eu-west", "      region: eu-west\n    ? zone")))
                .singleElement()
                .asString()
                .startsWith("topology.yaml:24:5: error DKPM001 /: YAML syntax error: this line is indented differently")
                .doesNotContain("<block end>");
    }

    @Test
    void anUndefinedClusterIsOneFindingHoweverOftenItIsNamed() {
        String yaml = F.replace("clusters: [msk, spb, ams]", "clusters: [msk, spb, kzn]")
                .replace(
                        "- {cluster: msk, namespace: shop, service: catalog}",
                        "- {cluster: msk, namespace: shop, service: catalog}\n        - {cluster: kzn, namespace: shop, service: cart}");
        assertThat(findings(yaml))
                .containsExactly("topology.yaml:32:28: error DKPM202 /spec/meshes/0/clusters/2: unknown cluster 'kzn'"
                        + " (defined clusters: ams, msk, spb); also named at line 35");
    }

    @Test
    void aMistypedMemberDoesNotAlsoMakeItsExportsStrangers() {
        String yaml = F.replace("clusters: [msk, spb, ams]", "clusters: [mks, spb, ams]");
        assertThat(findings(yaml))
                .containsExactly("topology.yaml:32:18: error DKPM202 /spec/meshes/0/clusters/0: unknown cluster 'mks';"
                        + " did you mean 'msk'? (defined clusters: ams, msk, spb)");
    }

    @Test
    void aDuplicateClusterNameIsOneFindingAtALineNamingTheFirstByLine() {
        // a block copied and not renamed: 'ams' is now used by the mesh but defined nowhere
        assertThat(findings(F.replace("name: ams", "name: spb")))
                .containsExactly("topology.yaml:21:13: error DKPM201"
                        + " /spec/clusters/2/name: cluster name 'spb' is already used by the cluster at line 14; cluster names must be unique"
                        + " (the topology names 'ams', which no cluster has: perhaps this one)");
    }

    @Test
    void aMeshJoiningClustersOfWhichSomeDeclareNoEnvironmentIsAWarning() {
        String yaml = F.replace(
                "      region: ru-central\n      clusterDomain: msk.local",
                "      region: ru-central\n      environment: prod\n      clusterDomain: msk.local");
        assertThat(findings(yaml))
                .containsExactly("topology.yaml:33:23: warning DKPM210 /spec/meshes/0/clusters/1: mesh"
                        + " 'retail-federation' joins msk (prod) with spb, ams, which declare no environment, so whether it mixes prod with"
                        + " other environments cannot be checked; set environment on those clusters");
        assertThat(findings(yaml.replace("spec:\n", "spec:\n  policies: {allowCrossEnvironment: true}\n")))
                .as("nothing to check when mixing is allowed")
                .isEmpty();
        assertThat(findings(F))
                .as("no cluster declares one: environments are not used")
                .isEmpty();
    }

    @Test
    void residencyLabelsThatMatchNoClusterAreAWarning() {
        String yaml = F.replace(
                        "      region: ru-central\n      clusterDomain: msk.local",
                        "      region: ru-central\n      labels: {jurisdiction: ru}\n      clusterDomain: msk.local")
                + "  policies:\n    residency:\n      - {namespace: pii, allowedLabels: {jurisdiction: RU}}\n";
        assertThat(findings(yaml))
                .containsExactly(
                        "topology.yaml:38:41: warning DKPM211 /spec/policies/residency/0/allowedLabels:"
                                + " residency of namespace 'pii' allows clusters labelled {jurisdiction=RU}, but no cluster has these labels, so the"
                                + " namespace may live on no cluster; check the spelling (clusters' labels: msk {jurisdiction=ru})");
        assertThat(findings(yaml.replace("jurisdiction: RU", "jurisdiction: ru")))
                .isEmpty();
    }

    /**
     * A warning, not an error: the second entry renders nothing (the tree is byte for byte the one
     * without it), so it harms nothing, but it is a mistake the user should see, at the line to delete.
     */
    @Test
    void anExportListedTwiceIsAWarningAtTheSecondEntryNamingTheFirstAndRendersNothingMore(@TempDir Path work) {
        String twice = F + "        - {cluster: msk, namespace: shop, service: catalog}\n";
        assertThat(findings(twice))
                .containsExactly("topology.yaml:35:11: warning DKPM107 /spec/meshes/0/exports/1: cluster 'msk' already"
                        + " exports shop/catalog at line 34; an export is listed once per mesh, so remove this entry");
        InMemory.Result once = InMemory.render(F, work);
        InMemory.Result duplicated = InMemory.render(twice, work);
        assertThat(duplicated.ok()).isTrue();
        assertThat(duplicated.files().keySet()).isEqualTo(once.files().keySet());
        duplicated
                .files()
                .forEach((path, text) -> assertThat(withoutTopologyFileName(text))
                        .as(path)
                        .isEqualTo(withoutTopologyFileName(once.files().get(path))));
    }

    /** InMemory writes each topology to its own temporary file, whose name the header quotes. */
    private static String withoutTopologyFileName(String text) {
        return text.replaceAll("topology[0-9]+\\.yaml", "topology.yaml");
    }

    /** An unquoted 1.70 is a YAML number (equal to 1.7): the message says to quote it, and quoting it passes. */
    @Test
    void aNumberWhereTextIsExpectedSaysToQuoteIt() {
        assertThat(findings(F.replace("clusterDomain: spb.local", "clusterDomain: spb.local\n      dkpVersion: 1.70")))
                .containsExactly(
                        "topology.yaml:18:19: error DKPM101 /spec/clusters/1/dkpVersion: expected text, got 1.70;"
                                + " YAML reads an unquoted 1.70 as a number: put it in quotes, '1.70'");
        assertThat(findings(
                        F.replace("clusterDomain: spb.local", "clusterDomain: spb.local\n      dkpVersion: '1.70'")))
                .isEmpty();
        assertThat(findings(F.replace("region: eu-west", "region: true")))
                .singleElement()
                .asString()
                .endsWith(
                        "expected text, got true; YAML reads an unquoted true as a boolean: put it in quotes, 'true'");
    }

    /**
     * Whatever order the mesh lists its members in, a trust domain used twice is reported at the
     * cluster further down the file (the copy), naming the one above it.
     */
    @Test
    void aTrustDomainUsedTwiceIsReportedAtTheLaterClusterNamingTheEarlier() {
        String clash = F.replace("clusterDomain: ams.local", "clusterDomain: msk.local");
        String expected = "topology.yaml:24:22: error DKPM301 /spec/clusters/2/clusterDomain: clusterDomain 'msk.local'"
                + " is also used by cluster 'msk'; federation members need distinct trust domains";
        assertThat(findings(clash)).containsExactly(expected);
        assertThat(findings(clash.replace("clusters: [msk, spb, ams]", "clusters: [ams, spb, msk]")))
                .containsExactly(expected);
    }
}
