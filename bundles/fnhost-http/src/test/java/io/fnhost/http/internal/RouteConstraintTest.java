package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteConstraintTest {

    @ParameterizedTest(name = "{0} on ''{1}'' -> {2}")
    @CsvSource({
        "int, 0, true",
        "int, 42, true",
        "int, -42, true",
        "int, +7, true",
        "int, 2147483647, true",
        "int, 2147483648, false",
        "int, -2147483648, true",
        "int, -2147483649, false",
        "int, 99999999999999999999, false",
        "int, 1.5, false",
        "int, 12a, false",
        "int, -, false",
        "int, '', false",
        "int, ١٢, false",
        "long, 9223372036854775807, true",
        "long, 9223372036854775808, false",
        "long, -9223372036854775808, true",
        "alpha, abc, true",
        "alpha, ABCxyz, true",
        "alpha, abc1, false",
        "alpha, é, false",
        "alpha, a-b, false",
        "bool, TRUE, true",
        "bool, false, true",
        "bool, yes, false",
        "decimal, 1.25, true",
        "decimal, -3, true",
        "decimal, 1e5, false",
        "decimal, ., false",
        "double, 1e5, true",
        "double, 1.5E-3, true",
        "double, NaN, false",
        "double, 1e, false",
        "float, .5, true",
        "guid, 0f8fad5b-d9cb-469f-a165-70867728950e, true",
        "guid, 0F8FAD5BD9CB469FA16570867728950E, true",
        "guid, {0f8fad5b-d9cb-469f-a165-70867728950e}, true",
        "guid, 0f8fad5b-d9cb-469f-a165-70867728950, false",
        "guid, zf8fad5b-d9cb-469f-a165-70867728950e, false",
        "datetime, 2024-02-29, true",
        "datetime, 2024-02-30, false",
        "datetime, 2024-02-29T10:15:30, true",
        "datetime, 2024-02-29T10:15:30Z, true",
        "datetime, 2024-02-29T10:15:30+02:00, true",
        "datetime, yesterday, false",
        "min(10), 10, true",
        "min(10), 9, false",
        "min(10), x, false",
        "max(10), 10, true",
        "max(10), 11, false",
        "'range(1,3)', 2, true",
        "'range(1,3)', 4, false",
        "minlength(3), abc, true",
        "minlength(3), ab, false",
        "maxlength(3), abcd, false",
        "length(2), ab, true",
        "length(2), abc, false",
        "'length(2,3)', abc, true",
        "'length(2,3)', abcd, false",
        "required, x, true",
        "INT, 5, true",
        "regex(^\\d{3}$), 123, true",
        "regex(^\\d{3}$), 1234, false",
        "regex(b), abc, true",
    })
    void constraints(String spec, String value, boolean expected) {
        assertThat(RouteConstraint.parse(spec).test(value)).isEqualTo(expected);
    }
}
