package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import com.microsoft.azure.functions.HttpMethod;

/**
 * Table-driven matching: {@code routes/matching.csv} lists routes, a request and the route that must
 * answer it with its route values. Each case also runs with the routes in reverse order: precedence
 * must not depend on the order functions started in.
 */
class RouteMatchingTableTest {

    @ParameterizedTest(name = "[{index}] {1} {2} with {0} -> {3} {4}")
    @CsvFileSource(resources = "/routes/matching.csv", delimiterString = " | ")
    void matches(String routes, String method, String path, String expected, String values) {
        List<FunctionRoute> given = RouteCases.routes(routes);
        List<FunctionRoute> reversed = new ArrayList<>(given);
        Collections.reverse(reversed);
        for (List<FunctionRoute> order : List.of(given, reversed)) {
            RouteTable table = RouteTable.build(order);
            RouteTable.Match match = table.match(HttpMethod.valueOf(method), HttpDispatcher.segments(path, 0));
            if (expected.equals("-")) {
                assertThat(match).as("no route answers").isNull();
                continue;
            }
            assertThat(match).as("a route answers").isNotNull();
            assertThat(match.route.function).isEqualTo(expected);
            if (values.equals("~")) {
                continue;
            }
            for (String pair : values.split(" & ")) {
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1);
                assertThat(match.routeValue(name)).as("route value '%s'", name)
                        .isEqualTo(value.equals("<null>") ? null : value);
                assertThat(match.routeValue(name.toUpperCase(java.util.Locale.ROOT))).as("names ignore case")
                        .isEqualTo(match.routeValue(name));
            }
        }
    }
}
