package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPv4 CIDRs, parsed for the subnet overlap checks (DKPM204). */
class CidrTest {

    @Test
    void parsesAddressAndPrefix() {
        Cidr cidr = Cidr.parse("10.111.0.0/16").orElseThrow();
        assertThat(cidr.address()).isEqualTo((10L << 24) | (111L << 16));
        assertThat(cidr.prefix()).isEqualTo(16);
        assertThat(cidr.network()).isEqualTo("10.111.0.0/16");
        assertThat(cidr.hasHostBits()).isFalse();
    }

    @Test
    void acceptsTheBoundariesOfOctetsAndPrefixes() {
        assertThat(Cidr.parse("0.0.0.0/0")).contains(new Cidr(0, 0));
        assertThat(Cidr.parse("255.255.255.255/32")).contains(new Cidr(0xFFFFFFFFL, 32));
        assertThat(Cidr.parse("255.255.255.255/32").orElseThrow().network()).isEqualTo("255.255.255.255/32");
    }

    @Test
    void refusesWhatIsNotAnIpv4Cidr() {
        for (String text : new String[] {
            "10.0.0.0",
            "10.0.0/8",
            "10.0.0.0.0/8",
            "10.0.0.256/8",
            "10.0.0.-1/8",
            "10..0.0/8",
            "10.0.0.0/33",
            "10.0.0.0/-1",
            "10.0.0.0/",
            "10.0.0.0/x",
            "a.b.c.d/8",
            "0010.0.0.0/8",
            "fd00::/8",
            "/8",
            ""
        }) {
            assertThat(Cidr.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void hostBitsAreThoseBelowThePrefix() {
        assertThat(Cidr.parse("10.0.0.1/16").orElseThrow().hasHostBits()).isTrue();
        assertThat(Cidr.parse("10.0.0.1/32").orElseThrow().hasHostBits()).isFalse();
        assertThat(Cidr.parse("10.1.0.0/15").orElseThrow().hasHostBits()).isTrue();
        assertThat(Cidr.parse("10.2.0.0/15").orElseThrow().hasHostBits()).isFalse();
        assertThat(Cidr.parse("1.2.3.4/0").orElseThrow().hasHostBits()).isTrue();
    }

    @Test
    void networkClearsTheHostBits() {
        assertThat(Cidr.parse("10.0.3.7/16").orElseThrow().network()).isEqualTo("10.0.0.0/16");
        assertThat(Cidr.parse("192.168.77.200/20").orElseThrow().network()).isEqualTo("192.168.64.0/20");
        assertThat(Cidr.parse("1.2.3.4/0").orElseThrow().network()).isEqualTo("0.0.0.0/0");
    }

    @Test
    void networksOverlapWhenTheShorterPrefixContainsTheOther() {
        Cidr wide = Cidr.parse("10.0.0.0/8").orElseThrow();
        Cidr inside = Cidr.parse("10.200.0.0/16").orElseThrow();
        Cidr beside = Cidr.parse("10.201.0.0/16").orElseThrow();
        Cidr elsewhere = Cidr.parse("11.0.0.0/8").orElseThrow();
        assertThat(wide.overlaps(inside)).isTrue();
        assertThat(inside.overlaps(wide)).isTrue();
        assertThat(inside.overlaps(beside)).isFalse();
        assertThat(wide.overlaps(elsewhere)).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().overlaps(elsewhere)).isTrue();
        // adjacent /17 halves of one /16 share no address
        assertThat(Cidr.parse("10.1.0.0/17")
                        .orElseThrow()
                        .overlaps(Cidr.parse("10.1.128.0/17").orElseThrow()))
                .isFalse();
    }

    @Test
    void unparsedTextNeverOverlaps() {
        Optional<Cidr> good = Cidr.parse("10.0.0.0/8");
        assertThat(Cidr.overlapping(good, good)).isTrue();
        assertThat(Cidr.overlapping(good, Cidr.parse("10.0.0.0"))).isFalse();
        assertThat(Cidr.overlapping(Optional.empty(), good)).isFalse();
        assertThat(Cidr.overlapping(Optional.empty(), Optional.empty())).isFalse();
    }
}
