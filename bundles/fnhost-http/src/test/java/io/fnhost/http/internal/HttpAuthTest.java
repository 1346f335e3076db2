package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.servlet.Servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionKeys;

/**
 * Azure's authorization levels and keys through a registered dispatch servlet: every level against every
 * kind of key, presented in the header or the query; disabled functions; a starting host.
 */
class HttpAuthTest {
    private static final String OWN_KEY = "own-function-key-0123";
    private static final String OTHER_KEY = "other-function-key-0123";

    private final Map<String, Servlet> servlets = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final TestKeys keys = new TestKeys().functionKey("guarded", OWN_KEY).functionKey("other", OTHER_KEY);
    private final HttpTriggerProvider provider = new HttpTriggerProvider(new Fakes.GsonConverter(), keys, running::get, 1024,
            (prefix, servlet) -> {
                servlets.put(prefix, servlet);
                return () -> servlets.remove(prefix);
            });

    private Fakes.Response call(Fakes.Request request) throws Exception {
        Fakes.Response response = new Fakes.Response();
        servlets.get("api").service(request.build(), response.build());
        return response;
    }

    private Fakes.Invoker start(String function, String level) throws BindingException {
        Fakes.Invoker invoker = new Fakes.Invoker(new Fakes.Fn("app", function).authLevel(level));
        provider.start(invoker);
        return invoker;
    }

    enum Key {
        NONE(null), WRONG("not-a-key-0123456789"), FUNCTION(OWN_KEY), OTHER_FUNCTION(OTHER_KEY),
        HOST(TestKeys.HOST_KEY), SYSTEM(TestKeys.SYSTEM_KEY), MASTER(TestKeys.MASTER_KEY);

        final String value;

        Key(String value) {
            this.value = value;
        }
    }

    /** Azure's table: anonymous needs nothing, function a function/host/master key, admin the master key. */
    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String level : List.of("ANONYMOUS", "FUNCTION", "ADMIN")) {
            for (Key key : Key.values()) {
                for (String where : List.of("header", "query")) {
                    boolean allowed;
                    switch (level) {
                        case "ANONYMOUS": allowed = true; break;
                        case "FUNCTION": allowed = key == Key.FUNCTION || key == Key.HOST || key == Key.MASTER; break;
                        default: allowed = key == Key.MASTER;
                    }
                    cases.add(Arguments.of(level, key, where, allowed ? 200 : 401));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} key in {2} -> {3}")
    @MethodSource("matrix")
    void everyLevelAgainstEveryKindOfKey(String level, Key key, String where, int expected) throws Exception {
        Fakes.Invoker invoker = start("guarded", level);
        Fakes.Request request = new Fakes.Request("GET", "/api/guarded"
                + (where.equals("query") && key.value != null ? "?code=" + key.value : ""));
        if (where.equals("header") && key.value != null) {
            request.header("x-functions-key", key.value);
        }
        Fakes.Response response = call(request);
        assertThat(response.status).isEqualTo(expected);
        assertThat(invoker.calls).hasSize(expected == 200 ? 1 : 0);
        if (expected == 401) {
            assertThat(response.text()).isEmpty();
            assertThat(response.contentLength).isZero();
        }
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() throws Exception {
        start("guarded", "FUNCTION");
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + OWN_KEY).header("x-functions-key", "wrong")).status)
                .isEqualTo(401);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=wrong").header("x-functions-key", OWN_KEY)).status)
                .isEqualTo(200);
        // as Azure's host: a present header wins even when it is empty
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + OWN_KEY).header("x-functions-key", "")).status)
                .isEqualTo(401);
    }

    @Test
    void theCodeParameterIsPercentDecodedAndMatchedByExactName() throws Exception {
        keys.functionKey("guarded", "a+b/c=d-0123456789");
        start("guarded", "FUNCTION");
        assertThat(call(new Fakes.Request("GET", "/api/guarded?x=1&code=a%2Bb%2Fc%3Dd-0123456789")).status).isEqualTo(200);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?xcode=" + OWN_KEY)).status).isEqualTo(401);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?CODE=" + OWN_KEY)).status).isEqualTo(401);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + OWN_KEY + "&code=wrong")).status).isEqualTo(200);
    }

    @Test
    void aDisabledFunctionIs404UnlessCalledWithTheMasterKey() throws Exception {
        Fakes.Invoker invoker = new Fakes.Invoker(new Fakes.Fn("app", "guarded").authLevel("FUNCTION").disabled(true));
        provider.start(invoker);
        assertThat(call(new Fakes.Request("GET", "/api/guarded")).status).isEqualTo(404);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + OWN_KEY)).status).isEqualTo(404);
        assertThat(call(new Fakes.Request("GET", "/api/guarded").header("x-functions-key", TestKeys.HOST_KEY)).status)
                .isEqualTo(404);
        assertThat(invoker.calls).isEmpty();
        assertThat(call(new Fakes.Request("GET", "/api/guarded").header("x-functions-key", TestKeys.MASTER_KEY)).status)
                .isEqualTo(200);
        assertThat(invoker.calls).hasSize(1);
    }

    @Test
    void aDisabledAnonymousFunctionIsAlso404WithoutTheMasterKey() throws Exception {
        provider.start(new Fakes.Invoker(new Fakes.Fn("app", "open").disabled(true)));
        assertThat(call(new Fakes.Request("GET", "/api/open")).status).isEqualTo(404);
        assertThat(call(new Fakes.Request("GET", "/api/open?code=" + TestKeys.MASTER_KEY)).status).isEqualTo(200);
    }

    @Test
    void aStartingHostAnswers503BeforeRoutingAndAuthorizing() throws Exception {
        Fakes.Invoker invoker = start("guarded", "ANONYMOUS");
        running.set(false);
        Fakes.Response starting = call(new Fakes.Request("GET", "/api/guarded"));
        assertThat(starting.status).isEqualTo(503);
        assertThat(starting.text()).isEmpty();
        assertThat(call(new Fakes.Request("GET", "/api/nothing-here")).status).isEqualTo(503);
        assertThat(invoker.calls).isEmpty();
        running.set(true);
        assertThat(call(new Fakes.Request("GET", "/api/guarded")).status).isEqualTo(200);
        assertThat(call(new Fakes.Request("GET", "/api/nothing-here")).status).isEqualTo(404);
    }

    @Test
    void anUnknownAuthLevelMakesTheFunctionFailToStart() {
        assertThatThrownBy(() -> start("guarded", "SYSTEM")).isInstanceOf(BindingException.class)
                .hasMessageContaining("authLevel 'SYSTEM'").hasMessageContaining("ANONYMOUS, FUNCTION or ADMIN");
        assertThat(provider.registry().table().routes()).isEmpty();
    }

    @Test
    void levelsAreReadInAnyCase() throws Exception {
        start("guarded", "admin");
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + OWN_KEY)).status).isEqualTo(401);
        assertThat(call(new Fakes.Request("GET", "/api/guarded?code=" + TestKeys.MASTER_KEY)).status).isEqualTo(200);
    }

    @Test
    void theKeyComesFromTheHeaderOrElseTheFirstCodeInTheQueryString() {
        assertThat(FunctionKeys.presentedKey(null, null)).isNull();
        assertThat(FunctionKeys.presentedKey(null, "")).isNull();
        assertThat(FunctionKeys.presentedKey(null, "code")).isNull();
        assertThat(FunctionKeys.presentedKey(null, "code=")).isEmpty();
        assertThat(FunctionKeys.presentedKey(null, "a=1&code=x%20y&code=z")).isEqualTo("x y");
        assertThat(FunctionKeys.presentedKey(null, "a=code=1")).isNull();
        assertThat(FunctionKeys.presentedKey(null, "xcode=1&codex=2")).isNull();
        assertThat(FunctionKeys.presentedKey(null, "code=%zz")).isNull();
        assertThat(FunctionKeys.presentedKey("", "code=k")).isEmpty();
        assertThat(FunctionKeys.presentedKey("h", "code=k")).isEqualTo("h");
    }
}
