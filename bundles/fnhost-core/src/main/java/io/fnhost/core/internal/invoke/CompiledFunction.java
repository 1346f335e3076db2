package io.fnhost.core.internal.invoke;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.LoggerFactory;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;

import io.fnhost.core.internal.spec.ParameterBindings;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.BindingHandler;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.FunctionInvoker;
import io.fnhost.spi.InvocationRecordDTO;
import io.fnhost.spi.InvocationResult;
import io.fnhost.spi.InvocationStatus;
import io.fnhost.spi.RetryDTO;
import io.fnhost.spi.TriggerData;

/**
 * The invoker of one function, compiled once at deploy time: a method handle, one binder per parameter
 * and the output slots. {@link #invoke} then only binds, calls and records, following the Azure Java
 * worker (new instance per call unless the method is static or the app brings an injector; thread
 * context class loader set to the app's). A failed or timed-out attempt is retried on the same thread
 * as the function's retry policy (or host.json's) says, as Azure's {@code FunctionExecutor} does; each
 * attempt is its own invocation with its own record.
 */
public final class CompiledFunction implements FunctionInvoker {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CompiledFunction.class);

    /** Binds one argument for one invocation. */
    @FunctionalInterface
    interface ArgumentBinder {
        Object bind(Invocation invocation) throws Exception;
    }

    /** Creates the object a non-static function method is called on. */
    @FunctionalInterface
    interface InstanceFactory {
        Object create() throws Throwable;
    }

    private final FunctionDescriptor descriptor;
    private final AppContext app;
    private final MethodHandle handle;
    private final boolean isStatic;
    private final InstanceFactory instances;
    private final ArgumentBinder[] binders;
    private final String[] outputNames;
    private final int returnSlot;
    private final org.slf4j.Logger categoryLogger;
    private final String triggerType;
    /** The function's own policy, else host.json's; null for no retries. */
    private final RetryPolicy retry;
    private final AttemptRetryContext firstAttempt;
    private volatile Map<String, BindingHandler> handlers = Map.of();

    private CompiledFunction(FunctionDescriptor descriptor, AppContext app, MethodHandle handle, boolean isStatic,
            InstanceFactory instances, ArgumentBinder[] binders, String[] outputNames, int returnSlot,
            RetryPolicy retry) {
        this.descriptor = descriptor;
        this.app = app;
        this.handle = handle;
        this.isStatic = isStatic;
        this.instances = instances;
        this.binders = binders;
        this.outputNames = outputNames;
        this.returnSlot = returnSlot;
        this.categoryLogger = LoggerFactory.getLogger("Function." + descriptor.name());
        this.triggerType = descriptor.trigger() == null ? null : descriptor.trigger().type;
        this.retry = retry;
        this.firstAttempt = retry == null ? AttemptRetryContext.NO_POLICY : AttemptRetryContext.first(retry.maxRetryCount());
    }

    /**
     * Compiles {@code method} for {@code descriptor}.
     *
     * @throws IllegalArgumentException with a message for the user when a parameter cannot be bound,
     *         the class cannot be instantiated the way Azure's worker would, or the retry policy is invalid.
     */
    public static CompiledFunction compile(Method method, FunctionDescriptor descriptor, AppContext app) {
        RetryPolicy retry = retryPolicy(method, descriptor, app);
        List<String> outputs = new ArrayList<>();
        for (BindingDTO b : descriptor.dto().bindings) {
            if (!BindingDTO.DIRECTION_IN.equalsIgnoreCase(b.direction) && !outputs.contains(b.name)) {
                outputs.add(b.name);
            }
        }
        boolean returnsValue = method.getReturnType() != void.class;
        if (returnsValue && !outputs.contains(BindingDTO.RETURN)) {
            outputs.add(BindingDTO.RETURN);
        }
        String[] outputNames = outputs.toArray(new String[0]);
        int returnSlot = returnsValue ? outputs.indexOf(BindingDTO.RETURN) : -1;

        Parameter[] parameters = method.getParameters();
        ArgumentBinder[] binders = new ArgumentBinder[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            binders[i] = binderFor(parameters[i], descriptor, app, outputs);
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        InstanceFactory instances = isStatic ? null : instanceFactory(method.getDeclaringClass(), app);
        return new CompiledFunction(descriptor, app, spreadHandle(method, parameters.length, isStatic), isStatic,
                instances, binders, outputNames, returnSlot, retry);
    }

    /** The function's own retry annotation wins over host.json's {@code retry}, as in Azure. */
    private static RetryPolicy retryPolicy(Method method, FunctionDescriptor descriptor, AppContext app) {
        RetryDTO own = descriptor.dto().retry;
        if (own == null) {
            return app.defaultRetry;
        }
        String annotation = RetryDTO.EXPONENTIAL_BACKOFF.equalsIgnoreCase(own.strategy) ? "@ExponentialBackoffRetry"
                : "@FixedDelayRetry";
        return RetryPolicy.of(own, annotation + " of function '" + descriptor.name() + "' ("
                + method.getDeclaringClass().getName() + "." + method.getName() + ")");
    }

    private static ArgumentBinder binderFor(Parameter parameter, FunctionDescriptor descriptor, AppContext app,
            List<String> outputs) {
        Type type = parameter.getParameterizedType();
        Class<?> raw = parameter.getType();
        String bindingName = ParameterBindings.bindingName(parameter);
        String where = "parameter '" + parameter.getName() + "' of function '" + descriptor.name() + "'";
        if (raw == OutputBinding.class) {
            int slot = bindingName == null ? -1 : outputs.indexOf(bindingName);
            if (slot < 0) {
                throw new IllegalArgumentException(where + " is an OutputBinding without an output binding "
                        + "annotation; annotate it with the output binding it writes (e.g. @QueueOutput)");
            }
            return invocation -> new OutputSlot(invocation, slot);
        }
        if (bindingName != null) {
            BindingDTO binding = descriptor.dto().bindings.stream()
                    .filter(b -> bindingName.equals(b.name)).findFirst().orElse(null);
            if (binding == null) {
                throw new IllegalArgumentException(where + " is bound to '" + bindingName
                        + "', which is not a binding of the function");
            }
            if (binding.isTrigger()) {
                return triggerBinder(type, raw, app);
            }
            if (!BindingDTO.DIRECTION_IN.equalsIgnoreCase(binding.direction)) {
                throw new IllegalArgumentException(where + " is bound to output binding '" + bindingName
                        + "' but is not of type OutputBinding<T>; declare it as OutputBinding<"
                        + raw.getSimpleName() + ">");
            }
            return invocation -> {
                BindingHandler handler = invocation.function.handlers.get(bindingName);
                Object value = handler == null ? null : handler.read(invocation.id, invocation.trigger);
                return app.converter.convert(value, type);
            };
        }
        BindingName metadata = parameter.getAnnotation(BindingName.class);
        if (metadata != null) {
            String key = metadata.value();
            boolean optional = raw == Optional.class;
            return invocation -> {
                Object value = invocation.trigger.metadata(key);
                if (value == null && !optional) {
                    throw new IllegalArgumentException("Cannot find matched @BindingName, name: " + key);
                }
                return app.converter.convert(value, type);
            };
        }
        if (raw.isAssignableFrom(Invocation.class) && ExecutionContext.class.isAssignableFrom(raw)) {
            return invocation -> invocation;
        }
        throw new IllegalArgumentException(where + " of type " + type.getTypeName()
                + " has no binding annotation: annotate it with a binding or @BindingName, "
                + "or declare it as ExecutionContext");
    }

    private static ArgumentBinder triggerBinder(Type type, Class<?> raw, AppContext app) {
        return invocation -> {
            Object value = invocation.trigger.value();
            // The provider usually hands over exactly the declared type (an HttpRequestMessage whose body
            // it already converted); anything else goes through the worker's conversions.
            if (value != null && raw.isInstance(value)) {
                return value;
            }
            return app.converter.convert(value, type);
        };
    }

    private static InstanceFactory instanceFactory(Class<?> type, AppContext app) {
        if (app.injector != null) {
            return () -> app.injector.getInstance(type);
        }
        try {
            MethodHandle constructor = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            return () -> (Object) constructor.invokeExact();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("class " + type.getName() + " needs a public no-argument constructor: "
                    + "like Azure's Java worker, fnhost creates a new instance for each invocation "
                    + "(or make the method static, or provide a FunctionInstanceInjector)");
        }
    }

    private static MethodHandle spreadHandle(Method method, int arity, boolean isStatic) {
        MethodHandle mh;
        try {
            mh = MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("method " + method.getDeclaringClass().getName() + "." + method.getName()
                    + " must be public in a public class, as Azure's Java worker requires");
        }
        if (isStatic) {
            return mh.asSpreader(Object[].class, arity)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        }
        return mh.asType(mh.type().changeParameterType(0, Object.class))
                .asSpreader(Object[].class, arity)
                .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
    }

    // ---- per function start: the providers' handlers for its non-trigger bindings

    /** Binding handlers by binding name, set when the function starts and cleared when it stops. */
    public void attach(Map<String, BindingHandler> bindingHandlers) {
        this.handlers = Map.copyOf(bindingHandlers);
    }

    public void detach() {
        this.handlers = Map.of();
    }

    // ---- invocation

    @Override
    public FunctionDescriptor function() {
        return descriptor;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Retries stop early when the app version is retired; a trigger's own invoker ({@code StartedFunction})
     * also stops them when its listener stops, through {@link #invoke(TriggerData, StopSignal)}.
     */
    @Override
    public InvocationResult invoke(TriggerData trigger) {
        return invoke(trigger, app.retiredSignal);
    }

    /**
     * Runs the function for one trigger event, with the retries its policy allows. Between attempts the
     * thread waits without holding a lock; when {@code stop} is signalled (or the app version is retired,
     * or the thread is interrupted) it gives up at once and returns the last failure. A first attempt
     * refused as {@code RETIRED} is returned as is, so the trigger can hand the event to the new version.
     */
    public InvocationResult invoke(TriggerData trigger, StopSignal stop) {
        Invocation result = attempt(trigger, firstAttempt);
        if (retry == null || !failed(result)) {
            return result;
        }
        RetryPolicy.Backoff backoff = retry.backoff(app.retryTiming.unitRandom());
        for (int retries = 0; failed(result) && retry.allowsRetry(retries);) {
            long delay = backoff.nextDelayMillis();
            retries++;
            LOG.info("Function {} (app {} {}) invocation {} failed; retry {} of {} in {} ms", descriptor.name(), app.app,
                    app.appVersion, result.id, retries, retry.maxRetryCount() == RetryPolicy.FOREVER ? "unlimited"
                            : String.valueOf(retry.maxRetryCount()), delay);
            if (!pause(delay, stop)) {
                LOG.info("Function {} (app {} {}): retries stopped (its trigger or app is stopping) after {} "
                        + "attempt(s); the last failure stands", descriptor.name(), app.app, app.appVersion, retries);
                return result;
            }
            Invocation next = attempt(trigger, AttemptRetryContext.retry(retries, retry.maxRetryCount(), result.error));
            if (next.status == InvocationStatus.RETIRED) {
                return result; // the version is going: the event's outcome is the last real attempt's
            }
            result = next;
        }
        return result;
    }

    private static boolean failed(Invocation invocation) {
        return invocation.status == InvocationStatus.FAILED || invocation.status == InvocationStatus.TIMED_OUT;
    }

    /** False when the retries should stop (stop signalled, app retired, thread interrupted). */
    private boolean pause(long delayMillis, StopSignal stop) {
        if (stop.isStopped() || app.retiredSignal.isStopped()) {
            return false;
        }
        try {
            return app.retryTiming.pause().await(delayMillis, stop) && !app.retiredSignal.isStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's reason to stop stays visible to it
            return false;
        }
    }

    /** One attempt: bind, call, write outputs, record. */
    private Invocation attempt(TriggerData trigger, AttemptRetryContext retryContext) {
        // Count in, then look at the flag: with AppContext.retire() (flag, then count) one side always
        // sees the other, so a drained version never starts an invocation.
        app.inFlight.increment();
        if (app.retired()) {
            app.inFlight.decrement();
            Invocation refused = new Invocation(this, trigger, retryContext);
            refused.status = InvocationStatus.RETIRED;
            return refused;
        }
        Invocation invocation = new Invocation(this, trigger, retryContext);
        app.watchdog.register(invocation);
        Thread thread = invocation.thread;
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(app.classLoader);
        try {
            Object[] args = new Object[binders.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = binders[i].bind(invocation);
            }
            Object result = isStatic ? (Object) handle.invokeExact(args)
                    : (Object) handle.invokeExact(instances.create(), args);
            if (returnSlot >= 0) {
                invocation.outputs[returnSlot] = result;
            }
            invocation.status = InvocationStatus.SUCCEEDED;
        } catch (Throwable e) {
            invocation.status = InvocationStatus.FAILED;
            invocation.error = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        } finally {
            thread.setContextClassLoader(previous);
            app.watchdog.unregister(invocation);
            if (!invocation.finish()) {
                invocation.status = InvocationStatus.TIMED_OUT;
                invocation.error = new FunctionTimeoutException("Timeout value of " + app.timeoutText
                        + " was exceeded by function: Functions." + descriptor.name());
            }
        }
        if (invocation.status == InvocationStatus.SUCCEEDED && invocation.outputs != null) {
            writeOutputs(invocation);
        }
        invocation.durationNanos = System.nanoTime() - invocation.startNanos;
        app.inFlight.decrement();
        record(invocation);
        return invocation;
    }

    /** Outputs reach their providers only when the function succeeded, as in Azure. */
    private void writeOutputs(Invocation invocation) {
        Map<String, BindingHandler> current = handlers;
        if (current.isEmpty()) {
            return;
        }
        for (int i = 0; i < outputNames.length; i++) {
            Object value = invocation.outputs[i];
            BindingHandler handler = current.get(outputNames[i]);
            if (value != null && handler != null) {
                try {
                    handler.write(invocation.id, value);
                } catch (Exception e) {
                    invocation.status = InvocationStatus.FAILED;
                    invocation.error = e;
                    return;
                }
            }
        }
    }

    private void record(Invocation invocation) {
        InvocationRecordDTO record = new InvocationRecordDTO();
        record.id = invocation.id;
        record.app = app.app;
        record.appVersion = app.appVersion;
        record.function = descriptor.name();
        record.trigger = triggerType;
        record.node = app.node;
        record.start = invocation.startMillis;
        record.durationMicros = invocation.durationNanos / 1000;
        record.status = invocation.status;
        record.retryCount = invocation.retryContext.getRetrycount();
        record.logs = invocation.logLines();
        if (invocation.error != null) {
            record.error = invocation.error.getClass().getName()
                    + (invocation.error.getMessage() == null ? "" : ": " + invocation.error.getMessage());
            LOG.warn("Function {} (app {} {}) invocation {} {}: {}", descriptor.name(), app.app, app.appVersion,
                    invocation.id, invocation.status, record.error, invocation.error);
        }
        app.records.add(record);
    }

    int outputCount() {
        return outputNames.length;
    }

    int outputSlot(String name) {
        for (int i = 0; i < outputNames.length; i++) {
            if (outputNames[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    org.slf4j.Logger categoryLogger() {
        return categoryLogger;
    }

    long timeoutNanos() {
        return app.timeoutNanos;
    }
}
