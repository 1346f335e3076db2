package io.fnhost.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.BindingHandler;

class HttpOutputBindingProviderTest {
    private final HttpOutputBindingProvider provider = new HttpOutputBindingProvider();

    @Test
    void acceptsAnOutputOfAnHttpTriggeredFunction() throws Exception {
        Fakes.Fn fn = new Fakes.Fn("a", "f");
        BindingHandler handler = provider.bind(fn, fn.binding("http", "out"));
        assertThat(handler).isNotNull();
        handler.write("inv", "ignored"); // writes nothing, throws nothing
        assertThat(handler.read("inv", null)).isNull();
    }

    @Test
    void refusesInputDirectionAndOtherTriggers() {
        Fakes.Fn fn = new Fakes.Fn("a", "f");
        assertThatThrownBy(() -> provider.bind(fn, Fakes.binding("http", "in", "x")))
                .isInstanceOf(BindingException.class).hasMessageContaining("direction out");
        Fakes.Fn timer = new Fakes.Fn("a", "t");
        timer.trigger = Fakes.binding("timerTrigger", "in", "timer");
        assertThatThrownBy(() -> provider.bind(timer, Fakes.binding("http", "out", "$return")))
                .isInstanceOf(BindingException.class).hasMessageContaining("httpTrigger");
    }
}
