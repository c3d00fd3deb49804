package io.dkpmesh.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** "These very objects, in this order": equal objects that are not the same are different keys. */
class IdentityKeyTest {

    @Test
    void theSameObjectsInTheSameOrderAreOneKey() {
        Object a = new Object();
        Object b = new Object();
        assertThat(new IdentityKey(a, b)).isEqualTo(new IdentityKey(a, b));
        assertThat(new IdentityKey(a, b)).hasSameHashCodeAs(new IdentityKey(a, b));
    }

    @Test
    void equalButDistinctObjectsAreDifferentKeys() {
        String one = new String("shop");
        String two = new String("shop");
        assertThat(new IdentityKey(one)).isNotEqualTo(new IdentityKey(two));
    }

    @Test
    void orderAndLengthCount() {
        Object a = new Object();
        Object b = new Object();
        assertThat(new IdentityKey(a, b)).isNotEqualTo(new IdentityKey(b, a));
        assertThat(new IdentityKey(a)).isNotEqualTo(new IdentityKey(a, a));
        assertThat(new IdentityKey(a)).isNotEqualTo(a);
        assertThat(new IdentityKey()).isEqualTo(new IdentityKey());
    }
}
