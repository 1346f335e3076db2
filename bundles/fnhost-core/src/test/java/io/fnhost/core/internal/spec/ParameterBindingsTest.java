package io.fnhost.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

import io.fnhost.core.internal.spec.samples.CustomFunctions;
import io.fnhost.core.internal.spec.samples.HttpFunctions;
import io.fnhost.core.internal.spec.samples.MessagingFunctions;
import io.fnhost.core.internal.spec.samples.QueueFunctions;

class ParameterBindingsTest {

    private static Parameter[] parameters(Class<?> type, String method) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(method))
                .findFirst()
                .map(Method::getParameters)
                .orElseThrow();
    }

    @Test
    void azureBindingAnnotationsGiveTheirName() {
        Parameter[] parameters = parameters(HttpFunctions.class, "getPost");

        assertThat(ParameterBindings.bindingName(parameters[0])).isEqualTo("req");
        assertThat(ParameterBindings.bindingName(parameters[1])).as("ExecutionContext").isNull();
    }

    @Test
    void outputBindingParametersAreNamedByTheirAnnotation() {
        Parameter[] parameters = parameters(QueueFunctions.class, "copy");

        assertThat(ParameterBindings.bindingName(parameters[1])).isEqualTo("copy");
        assertThat(ParameterBindings.bindingName(parameters[2])).as("@BindingName only").isNull();
    }

    @Test
    void bindingNameAloneIsNoBinding() {
        assertThat(ParameterBindings.bindingName(parameters(HttpFunctions.class, "route")[1])).isNull();
    }

    @Test
    void customBindingsDirectAndAsMetaAnnotation() {
        assertThat(ParameterBindings.bindingName(parameters(CustomFunctions.class, "direct")[0])).isEqualTo("event");
        assertThat(ParameterBindings.bindingName(parameters(CustomFunctions.class, "relay")[0])).isEqualTo("message");
        // The meta-annotation's name when the user annotation declares no name().
        assertThat(ParameterBindings.bindingName(parameters(CustomFunctions.class, "negotiate")[1]))
                .isEqualTo("connectionInfo");
        // @WarmupTrigger's name() default.
        assertThat(ParameterBindings.bindingName(parameters(MessagingFunctions.class, "warmup")[0]))
                .isEqualTo("warmupContext");
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Audited {
        String name() default "audit";
    }

    @SuppressWarnings("unused")
    static void mixed(@Audited @BindingName("id") @QueueTrigger(name = "msg", queueName = "q") String message) {
    }

    @Test
    void otherAnnotationsAndBindingNameAreSkipped() throws Exception {
        Parameter parameter = ParameterBindingsTest.class.getDeclaredMethod("mixed", String.class).getParameters()[0];

        assertThat(ParameterBindings.bindingName(parameter)).isEqualTo("msg");
    }
}
