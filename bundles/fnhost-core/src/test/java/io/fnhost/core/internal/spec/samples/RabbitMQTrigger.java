package io.fnhost.core.internal.spec.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.microsoft.azure.functions.annotation.CustomBinding;

/** A user-defined trigger: {@code @CustomBinding} as a meta-annotation, as the RabbitMQ extension does it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@CustomBinding(direction = "in", name = "", type = "rabbitMQTrigger")
public @interface RabbitMQTrigger {
    String name();

    String queueName() default "";

    String connectionStringSetting() default "";

    String dataType() default "";

    int port() default 0;
}
