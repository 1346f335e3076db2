package io.fnhost.itests.framework;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.dictionary.Dictionaries;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.BindingProvider;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.TriggerProvider;

/** A binding extension for tests: accepts every binding of its type and records the output values. */
final class RecordingBindingProvider implements BindingProvider {
    final String type;
    final List<Object> written = new CopyOnWriteArrayList<>();

    RecordingBindingProvider(String type) {
        this.type = type;
    }

    ServiceRegistration<BindingProvider> register(BundleContext context) {
        return context.registerService(BindingProvider.class, this,
            Dictionaries.dictionaryOf(TriggerProvider.BINDING_TYPE, type));
    }

    @Override
    public BindingHandler bind(FunctionDescriptor function, BindingDTO binding) {
        return new BindingHandler() {
            @Override
            public void write(String invocationId, Object value) {
                written.add(value);
            }
        };
    }
}
