package io.fnhost.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.RetryDTO;

/** Formatting corners of function.json that the reference samples do not reach. */
class FunctionJsonTest {

    @Test
    void escapesLikeJackson() {
        FunctionDTO fn = new FunctionDTO();
        BindingDTO binding = new BindingDTO();
        binding.type = "httpTrigger";
        binding.direction = "in";
        binding.name = "req";
        binding.attributes.put("route", "a\"b\\c/d\b\f\n\r\t\u0001é");
        fn.bindings.add(binding);

        assertThat(FunctionJson.write(fn, "../app.jar")).isEqualTo("{\n"
                + "  \"scriptFile\" : \"../app.jar\",\n"
                + "  \"bindings\" : [ {\n"
                + "    \"type\" : \"httpTrigger\",\n"
                + "    \"direction\" : \"in\",\n"
                + "    \"name\" : \"req\",\n"
                + "    \"route\" : \"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001é\"\n"
                + "  } ]\n"
                + "}");
    }

    @Test
    void emptyPropertiesAreLeftOutAndNullNamesWritten() {
        FunctionDTO fn = new FunctionDTO();
        fn.entryPoint = "a.B.run";
        assertThat(FunctionJson.write(fn, null)).isEqualTo("{\n  \"entryPoint\" : \"a.B.run\"\n}");

        BindingDTO nameless = new BindingDTO();
        nameless.type = "custom";
        nameless.direction = "in";
        nameless.attributes.put("numbers", new Object[] {1, 2L});
        nameless.attributes.put("flag", false);
        nameless.attributes.put("none", new String[0]);
        fn.bindings.add(nameless);
        assertThat(FunctionJson.write(fn, null)).isEqualTo("{\n"
                + "  \"entryPoint\" : \"a.B.run\",\n"
                + "  \"bindings\" : [ {\n"
                + "    \"type\" : \"custom\",\n"
                + "    \"direction\" : \"in\",\n"
                + "    \"name\" : null,\n"
                + "    \"numbers\" : [ 1, 2 ],\n"
                + "    \"flag\" : false,\n"
                + "    \"none\" : [ ]\n"
                + "  } ]\n"
                + "}");
    }

    @Test
    void retryWritesOnlyItsStrategysIntervals() {
        FunctionDTO fn = new FunctionDTO();
        fn.retry = new RetryDTO();
        fn.retry.strategy = RetryDTO.EXPONENTIAL_BACKOFF;
        fn.retry.maxRetryCount = 0;
        fn.retry.minimumInterval = "00:00:01";
        fn.retry.maximumInterval = "00:01:00";

        assertThat(FunctionJson.write(fn, "../x.jar")).isEqualTo("{\n"
                + "  \"scriptFile\" : \"../x.jar\",\n"
                + "  \"retry\" : {\n"
                + "    \"strategy\" : \"exponentialBackoff\",\n"
                + "    \"maxRetryCount\" : 0,\n"
                + "    \"minimumInterval\" : \"00:00:01\",\n"
                + "    \"maximumInterval\" : \"00:01:00\"\n"
                + "  }\n"
                + "}");
    }
}
