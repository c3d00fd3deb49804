package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The questions have no default answer: they replace switch expressions over {@code Provider} that
 * did not compile until a new provider was given a case, and an abstract method keeps that.
 */
class MeshFactsTest {

    @Test
    void everyQuestionIsAbstractSoANewProviderMustAnswerIt() {
        assertThat(Arrays.stream(MeshFacts.class.getDeclaredMethods())
                        .filter(method -> !Modifier.isStatic(method.getModifiers())))
                .isNotEmpty()
                .allSatisfy(method ->
                        assertThat(method.isDefault()).as(method.getName()).isFalse())
                .extracting(Method::getName)
                .contains(
                        "needsAlliance",
                        "refusesHubs",
                        "tooManyMembers",
                        "growsPerPeer",
                        "sourceIPIgnored",
                        "sharesEveryNamespace");
    }
}
