package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTemplateTest {

    @Test
    void parsesLiteralsFoldedAndParameters() {
        RouteTemplate t = RouteTemplate.parse("api/Products/{category:alpha}/{id:int?}");
        assertThat(t.segments()).hasSize(4);
        assertThat(t.segments().get(1).literal).isEqualTo("products");
        RouteTemplate.Parameter category = t.parameter("category");
        assertThat(category.segmentIndex).isEqualTo(2);
        assertThat(category.optional).isFalse();
        assertThat(category.constraintKey).isEqualTo(":alpha");
        RouteTemplate.Parameter id = t.parameter("ID");
        assertThat(id.optional).isTrue();
        assertThat(id.accepts("12")).isTrue();
        assertThat(id.accepts("x")).isFalse();
        assertThat(t.precedence()).containsExactly(1, 1, 2, 2);
    }

    @Test
    void precedenceDigitsAreAspNetCores() {
        assertThat(RouteTemplate.parse("a/{b}.{c}/{d:int}/{e}/{*f:int}").precedence()).containsExactly(1, 2, 2, 3, 4);
        assertThat(RouteTemplate.parse("{*f}").precedence()).containsExactly(5);
    }

    @Test
    void leadingSlashOrTildeSlashAndOneTrailingSlashAreIgnored() {
        assertThat(RouteTemplate.parse("/api/hello/").text()).isEqualTo("api/hello");
        assertThat(RouteTemplate.parse("~/api/hello").segments()).hasSize(2);
    }

    @Test
    void defaultsCatchAllAndChainedConstraints() {
        RouteTemplate t = RouteTemplate.parse("files/{kind=all}/{*path}");
        assertThat(t.parameter("kind").defaultValue).isEqualTo("all");
        assertThat(t.segments().get(1).mayBeAbsent()).isTrue();
        assertThat(t.parameter("path").catchAll).isTrue();
        assertThat(RouteTemplate.parse("a/{**rest}").parameter("rest").catchAll).isTrue();
        RouteTemplate.Parameter n = RouteTemplate.parse("n/{n:int:min(10):max(20)}").parameter("n");
        assertThat(n.constraints).hasSize(3);
        assertThat(n.constraintKey).isEqualTo(":int:max(20):min(10)");
        assertThat(RouteTemplate.parse("{x::int}").parameter("x").constraints).as("empty constraints are skipped").hasSize(1);
    }

    @Test
    void regexConstraintMayHoldSlashesColonsParenthesesAndEscapedBraces() {
        RouteTemplate t = RouteTemplate.parse("z/{code:regex(^[a-z]{{3}}$)}");
        assertThat(t.segments()).hasSize(2);
        assertThat(t.parameter("code").accepts("ABC")).isTrue();
        assertThat(t.parameter("code").accepts("abcd")).isFalse();
        assertThat(RouteTemplate.parse("r/{v:regex(a/b|c)}").segments()).hasSize(2);
        RouteTemplate.Parameter p = RouteTemplate.parse("r/{v:regex(^(a:b)$):minlength(2)=a:b}").parameter("v");
        assertThat(p.constraints).hasSize(2);
        assertThat(p.defaultValue).isEqualTo("a:b");
        assertThat(p.accepts("A:B")).isTrue();
    }

    @Test
    void complexSegmentsKeepTheirParts() {
        RouteTemplate.Segment s = RouteTemplate.parse("f/{name}.{ext?}").segments().get(1);
        assertThat(s.kind).isEqualTo(RouteTemplate.Kind.COMPLEX);
        assertThat(s.parts).hasSize(3);
        assertThat(s.parts[1].separator).isTrue();
        assertThat(RouteTemplate.parse("V{{-{v}").segments().get(0).parts[0].folded).isEqualTo("v{-");
    }

    @Test
    void shapeIgnoresNamesCaseOptionalityAndConstraintOrder() {
        assertThat(RouteTemplate.parse("Items/{id:int:min(1)}").shape())
                .isEqualTo(RouteTemplate.parse("items/{n:MIN(1):int?}").shape())
                .isNotEqualTo(RouteTemplate.parse("items/{n:int}").shape())
                .isNotEqualTo(RouteTemplate.parse("items/{*n:int:min(1)}").shape());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvFileSource(resources = "/routes/invalid-templates.csv", delimiterString = " | ")
    void refusesInvalidTemplatesWithAReason(String template, String reason) {
        assertThatThrownBy(() -> RouteTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("route '" + template + "' is invalid: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/{x?}/{y?}", "a/{x=1}/{y?}", "a/{x?}/{*rest}", "{controller=Home}/{action=Index}/{id?}",
        "a/{x?}/b", "{a}.{b?}", "a*b/c", "{=x}", "{:x}", "a/{x:regex()}", "{a}-{b}.{c?}", "~/x", "x/"})
    void acceptsWhatAspNetCoreAccepts(String template) {
        assertThat(RouteTemplate.parse(template).segments()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({"abc, abc", "ABC, abc", "Straße, straße", "ÉCOLE, école", "\u212A, \u212A"})
    void foldCaseComparesAsOrdinalIgnoreCase(String in, String folded) {
        assertThat(RouteTemplate.foldCase(in)).isEqualTo(RouteTemplate.foldCase(folded));
    }

    @Test
    void foldCaseDoesNotAllocateForLowerCaseAscii() {
        String s = "api/items/42";
        assertThat(RouteTemplate.foldCase(s)).isSameAs(s);
    }
}
