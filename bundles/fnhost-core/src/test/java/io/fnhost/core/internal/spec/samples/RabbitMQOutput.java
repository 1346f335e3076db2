package io.fnhost.core.internal.spec.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.microsoft.azure.functions.annotation.CustomBinding;

/** A user-defined output binding usable on a parameter or, for {@code $return}, on the method. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD})
@CustomBinding(direction = "out", name = "", type = "rabbitMQ")
public @interface RabbitMQOutput {
    String name();

    String queueName();

    String connectionStringSetting() default "RabbitConnection";

    boolean durable() default false;
}
