package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** major.minor releases, as {@code dkpVersion} and the istio module's {@code globalVersion} write them. */
class VersionTest {

    @Test
    void readsMajorMinorWithOrWithoutPrefixAndPatch() {
        assertThat(Version.parse("1.76")).contains(new Version(1, 76));
        assertThat(Version.parse("v1.25")).contains(new Version(1, 25));
        assertThat(Version.parse("1.25.3")).contains(new Version(1, 25));
        assertThat(Version.parse("v1.19.10")).contains(new Version(1, 19));
    }

    @Test
    void refusesAnythingElse() {
        for (String text :
                new String[] {"", "1", "1.", ".5", "1.x", "V1.2", "1.2.", "1.2.3.4", "1.2-rc1", " 1.2", "12345.1"}) {
            assertThat(Version.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void comparesNumericallyNotAsText() {
        Version v19 = Version.parse("1.9").orElseThrow();
        Version v76 = Version.parse("1.76").orElseThrow();
        Version v2 = Version.parse("2.0").orElseThrow();
        assertThat(v19.isBefore(v76)).isTrue();
        assertThat(v76.isBefore(v19)).isFalse();
        assertThat(v76.isBefore(v2)).isTrue();
        assertThat(v76.isBefore(new Version(1, 76))).isFalse();
        assertThat(v76.compareTo(new Version(1, 76))).isZero();
    }

    @Test
    void printsAsMajorDotMinor() {
        assertThat(Version.parse("v1.25.3").orElseThrow()).hasToString("1.25");
    }
}
