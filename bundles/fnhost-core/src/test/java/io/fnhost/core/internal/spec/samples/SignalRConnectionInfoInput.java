package io.fnhost.core.internal.spec.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.microsoft.azure.functions.annotation.CustomBinding;

/** A user-defined input whose binding name comes from the meta-annotation (it declares no name()). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@CustomBinding(direction = "in", name = "connectionInfo", type = "signalRConnectionInfo")
public @interface SignalRConnectionInfoInput {
    String hubName();
}
