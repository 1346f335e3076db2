package io.fnhost.itests.injected;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/** The app's own instance factory, found by fnhost (and by Azure's worker) through META-INF/services. */
public class AppInjector implements FunctionInstanceInjector {
    @Override
    public <T> T getInstance(Class<T> functionClass) throws Exception {
        if (functionClass == Salute.class) {
            return functionClass.cast(new Salute("Injected hello"));
        }
        return functionClass.getConstructor().newInstance();
    }
}
