package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Table-driven: {@code routes/constraints.csv} holds each constraint's edge cases as ASP.NET Core decides them. */
class RouteConstraintTest {

    @ParameterizedTest(name = "[{index}] {0} on ''{1}'' -> {2}")
    @CsvFileSource(resources = "/routes/constraints.csv", delimiterString = " | ")
    void constraint(String spec, String value, boolean expected) {
        assertThat(RouteConstraint.parse(spec).test(RouteCases.unescape(value))).isEqualTo(expected);
    }

    @Test
    void equalConstraintsHaveEqualKeysWhateverTheSpelling() {
        assertThat(RouteConstraint.parse("MIN( +5 )").key).isEqualTo(RouteConstraint.parse("min(5)").key);
        assertThat(RouteConstraint.parse("Range(1, 3)").key).isEqualTo("range(1,3)");
        assertThat(RouteConstraint.parse("regex(^A$)").key).isNotEqualTo(RouteConstraint.parse("regex(^a$)").key);
    }
}
