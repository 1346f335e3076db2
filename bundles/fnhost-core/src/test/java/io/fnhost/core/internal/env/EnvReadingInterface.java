package io.fnhost.core.internal.env;

import java.util.Optional;

/** An interface whose static method refers to System::getenv: the weaver adds a method to an interface. */
public interface EnvReadingInterface {
    static String greeting() {
        return Optional.of("Greeting").map(System::getenv).orElse(null);
    }
}
