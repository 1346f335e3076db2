package io.fnhost.core.internal.env;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads the environment the ways function code does; GetenvRewriterTest weaves and loads it. */
public class EnvReadingSample {
    public static String greeting() {
        return System.getenv("Greeting");
    }

    public static Map<String, String> all() {
        return System.getenv();
    }

    /** A call inside a lambda lands in a synthetic method of this class: it must be woven too. */
    public static String greetingFromLambda() {
        Supplier<String> read = () -> System.getenv("Greeting");
        return read.get();
    }

    /** A call inside branches: the pushed class must not disturb the stack map frames. */
    public static String firstOf(String a, String b) {
        String value = a == null ? null : System.getenv(a);
        return value != null ? value : System.getenv(b);
    }

    /** Method references to System::getenv must reach the bridge too. */
    public static String greetingByReference() {
        return Optional.of("Greeting").map(System::getenv).orElse(null);
    }

    public static Map<String, String> allByReference() {
        Supplier<Map<String, String>> all = System::getenv;
        return all.get();
    }

    public static long now() {
        return System.currentTimeMillis();
    }
}
