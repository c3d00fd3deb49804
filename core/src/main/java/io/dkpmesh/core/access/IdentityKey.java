package io.dkpmesh.core.access;

/**
 * Objects compared by identity, in order: a map key for "these very objects". The evaluator reads
 * equal policy objects once and the topology's rules are single objects, so identity is equality
 * there, and much cheaper than comparing records field by field in a cold JVM.
 */
final class IdentityKey {

    private final Object[] objects;
    private final int hash;

    IdentityKey(Object... objects) {
        this.objects = objects;
        int h = 1;
        for (Object object : objects) {
            h = h * 31 + System.identityHashCode(object);
        }
        this.hash = h;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof IdentityKey that) || that.objects.length != objects.length) {
            return false;
        }
        for (int i = 0; i < objects.length; i++) {
            if (objects[i] != that.objects[i]) {
                return false;
            }
        }
        return true;
    }
}
