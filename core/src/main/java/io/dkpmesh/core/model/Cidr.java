package io.dkpmesh.core.model;

import java.util.Optional;

/** An IPv4 network, for overlap checks. */
public record Cidr(long address, int prefix) {

    /** Parses {@code a.b.c.d/n}; empty when the text is not an IPv4 CIDR. */
    public static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String[] octets = text.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        try {
            long address = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255 || octet.isEmpty() || octet.length() > 3) {
                    return Optional.empty();
                }
                address = (address << 8) | value;
            }
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > 32) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(address, prefix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private long mask() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** True when address bits below the prefix are set (10.0.0.1/16). */
    public boolean hasHostBits() {
        return (address & ~mask() & 0xFFFFFFFFL) != 0;
    }

    /** True when both parsed as IPv4 CIDRs and share addresses; invalid text is reported elsewhere. */
    public static boolean overlapping(Optional<Cidr> a, Optional<Cidr> b) {
        return a.isPresent() && b.isPresent() && a.get().overlaps(b.get());
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        long mask = shorter == 0 ? 0 : (0xFFFFFFFFL << (32 - shorter)) & 0xFFFFFFFFL;
        return (address & mask) == (other.address & mask);
    }

    /** The same network written canonically, host bits cleared. */
    public String network() {
        long a = address & mask();
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255) + "/" + prefix;
    }
}
