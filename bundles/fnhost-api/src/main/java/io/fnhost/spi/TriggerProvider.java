package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard contract of a trigger extension. Register it as a service with the property
 * {@value #BINDING_TYPE} naming the trigger type it handles (e.g. {@code httpTrigger}). Matching with
 * a function's trigger {@code type} is case-insensitive. When several providers claim one type, the
 * one with the highest {@code service.ranking} (then lowest {@code service.id}) is used.
 * <p>
 * The core calls {@link #start} when every provider a function needs is present and stops the
 * returned listener when the function's app goes, its version is replaced, or this provider goes.
 */
@ConsumerType
public interface TriggerProvider {
    /** Service property (String): the binding type a trigger or binding provider handles. */
    String BINDING_TYPE = "fnhost.binding.type";

    /**
     * Starts delivering events for {@code invoker.function()}.
     *
     * @throws BindingException if the function's trigger attributes are invalid; the function then
     *         shows {@code ERROR} with the exception's message and nothing else is affected.
     */
    TriggerListener start(FunctionInvoker invoker) throws BindingException;

    /**
     * The trigger data for an invocation that an operator asks for with {@code input} (the admin API's
     * {@code POST /admin/functions/{name}}, Azure's "run a non-HTTP function manually"). A provider
     * overrides this to hand the function what its own events carry: the timer trigger its
     * {@code TimerInfo} payload, the queue trigger message metadata. The default passes {@code input}
     * as the trigger value with no metadata.
     *
     * @since 1.3
     */
    default TriggerData adminInvocation(FunctionDescriptor function, String input) {
        return new TriggerData() {
            @Override
            public Object value() {
                return input;
            }
        };
    }

    /**
     * Called after an operator's invocation ({@link #adminInvocation}) has run, before its result is
     * handed back. A provider whose listener normally writes some of a function's outputs itself (the
     * queue trigger sends queue outputs in the message's transaction) writes them here, since no listener
     * took part. The default does nothing.
     *
     * @param trigger what {@link #adminInvocation} returned
     * @param result the invocation's result, its outputs included
     * @since 1.5
     */
    default void adminInvocationDone(FunctionDescriptor function, TriggerData trigger, InvocationResult result) {
    }
}
