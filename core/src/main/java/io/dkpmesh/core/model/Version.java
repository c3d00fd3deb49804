package io.dkpmesh.core.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release as major.minor, such as a DKP release (1.76) or an Istio version (1.25). */
public record Version(int major, int minor) implements Comparable<Version> {

    private static final Pattern FORMAT = Pattern.compile("^v?([0-9]{1,4})\\.([0-9]{1,4})(\\.[0-9]+)?$");

    /** The version a string names, if it is major.minor (a patch is ignored). */
    public static Optional<Version> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        return m.matches()
                ? Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    public boolean isBefore(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Version other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
