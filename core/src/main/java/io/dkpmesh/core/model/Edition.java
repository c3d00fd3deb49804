package io.dkpmesh.core.model;

/** DKP editions, as the topology spells them. */
public enum Edition {
    CE("CE"),
    BE("BE"),
    SE("SE"),
    SE_PLUS("SE+"),
    EE("EE"),
    CSE_LITE("CSE-Lite"),
    CSE_PRO("CSE-Pro");

    private final String label;

    Edition(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Federation and multicluster ("alliance") ship only in EE and CSE Pro (DOMAIN.md §6). */
    public boolean offersAlliance() {
        return this == EE || this == CSE_PRO;
    }

    public static Edition of(String label) {
        for (Edition edition : values()) {
            if (edition.label.equals(label)) {
                return edition;
            }
        }
        throw new IllegalArgumentException("unknown edition " + label);
    }
}
