package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTemplateTest {

    @Test
    void parsesLiteralsLowerCasedAndParameters() {
        RouteTemplate t = RouteTemplate.parse("api/Products/{category:alpha}/{id:int?}");
        assertThat(t.segments()).hasSize(4);
        assertThat(t.segments().get(0).literal).isEqualTo("api");
        assertThat(t.segments().get(1).literal).isEqualTo("products");
        RouteTemplate.Segment category = t.parameter("category");
        assertThat(category.index).isEqualTo(2);
        assertThat(category.optional).isFalse();
        assertThat(category.constraintKey).isEqualTo(":alpha");
        RouteTemplate.Segment id = t.parameter("id");
        assertThat(id.optional).isTrue();
        assertThat(id.constraintKey).isEqualTo(":int");
        assertThat(id.accepts("12")).isTrue();
        assertThat(id.accepts("x")).isFalse();
    }

    @Test
    void ignoresSurroundingSlashes() {
        assertThat(RouteTemplate.parse("/api/hello/").text()).isEqualTo("api/hello");
        assertThat(RouteTemplate.parse("/api/hello/").segments()).hasSize(2);
    }

    @Test
    void parsesDefaultsCatchAllAndChainedConstraints() {
        RouteTemplate t = RouteTemplate.parse("files/{kind=all}/{*path}");
        assertThat(t.parameter("kind").defaultValue).isEqualTo("all");
        assertThat(t.parameter("kind").mayBeAbsent()).isTrue();
        assertThat(t.parameter("path").catchAll).isTrue();
        assertThat(RouteTemplate.parse("a/{**rest}").parameter("rest").catchAll).isTrue();

        RouteTemplate.Segment n = RouteTemplate.parse("n/{n:int:min(10):max(20)}").parameter("n");
        assertThat(n.constraints).hasSize(3);
        assertThat(n.accepts("15")).isTrue();
        assertThat(n.accepts("9")).isFalse();
        assertThat(n.accepts("21")).isFalse();
        assertThat(n.constraintKey).isEqualTo(":int:min(10):max(20)");
    }

    @Test
    void regexConstraintMayHoldSlashesColonsAndEscapedBraces() {
        RouteTemplate t = RouteTemplate.parse("z/{code:regex(^[a-z]{{3}}$)}");
        assertThat(t.segments()).hasSize(2);
        RouteTemplate.Segment code = t.parameter("code");
        assertThat(code.accepts("abc")).isTrue();
        assertThat(code.accepts("ABC")).as("regex constraints ignore case").isTrue();
        assertThat(code.accepts("abcd")).isFalse();

        RouteTemplate slash = RouteTemplate.parse("r/{v:regex(a/b|c)}");
        assertThat(slash.segments()).hasSize(2);
    }

    @Test
    void parameterNamesKeepTheirCase() {
        RouteTemplate t = RouteTemplate.parse("{UserId}");
        assertThat(t.parameter("UserId")).isNotNull();
        assertThat(t.parameter("userid")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a/{id|no name or unclosed",
        "a/{}|has no name",
        "a/{x}/{X}|twice",
        "a/{*rest}/b|must be the last segment",
        "a/{x?}/b|follows an optional parameter",
        "a/{x=1}/{y}|follows an optional parameter",
        "a/{x:foo}|unknown route constraint 'foo'",
        "a/{x:min(a)}|is not an integer",
        "a/{x:range(5,1)}|min is larger than max",
        "a/{x:int(3)}|takes no arguments",
        "a/{x:regex(()}|invalid regex",
        "a/{x}.{y}|complex segments",
        "a/file.{ext}|complex segments",
        "a//b|empty segment",
        "a/b?|may not contain",
        "a/{x=1?}|both optional and have a default",
        "a/{*x?}|cannot be optional",
    })
    void refusesInvalidTemplatesWithAReason(String template, String reason) {
        assertThatThrownBy(() -> RouteTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(reason.split(" or ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/{x?}/{y?}", "a/{x=1}/{y?}", "a/{x?}/{*rest}", "{controller=Home}/{action=Index}/{id?}"})
    void acceptsOptionalTails(String template) {
        assertThat(RouteTemplate.parse(template).segments()).isNotEmpty();
    }
}
