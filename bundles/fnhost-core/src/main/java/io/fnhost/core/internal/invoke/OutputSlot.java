package io.fnhost.core.internal.invoke;

import com.microsoft.azure.functions.OutputBinding;

/** The {@code OutputBinding<T>} argument of one invocation: writes straight into its output slot. */
final class OutputSlot implements OutputBinding<Object> {
    private final Invocation invocation;
    private final int slot;

    OutputSlot(Invocation invocation, int slot) {
        this.invocation = invocation;
        this.slot = slot;
    }

    @Override
    public Object getValue() {
        return invocation.outputs[slot];
    }

    @Override
    public void setValue(Object value) {
        invocation.outputs[slot] = value;
    }
}
