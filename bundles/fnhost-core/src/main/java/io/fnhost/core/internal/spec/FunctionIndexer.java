package io.fnhost.core.internal.spec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.azure.functions.annotation.FunctionName;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.FunctionState;

/**
 * Indexes {@code @FunctionName} methods. Every annotated method yields one entry; never throws for a bad
 * function.
 * <p>
 * Each entry carries the spec Azure's Maven plugin would write to that function's {@code function.json}
 * (see {@link FunctionJson}) and is checked against the rules that would stop the plugin's build, make
 * the Functions host refuse the function, or make the Java worker fail to load or call it. A function that
 * breaks a rule is {@link FunctionState#ERROR} with a message naming the function, its method, what is
 * wrong and how to fix it; the other functions of the app are unaffected (except that every function
 * sharing a name with another is in error).
 */
public final class FunctionIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionIndexer.class);

    /** The host's function name rule (ScriptConstants / Utility in azure-functions-host). */
    private static final Pattern FUNCTION_NAME = Pattern.compile("^[a-z][a-z0-9_\\-]{0,127}$", Pattern.CASE_INSENSITIVE);
    /** The host's binding name rule (FunctionDescriptorProvider.ValidateBinding). */
    private static final Pattern BINDING_NAME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]{0,127}|\\$return)$");

    private final boolean instanceInjector;

    /** An indexer for apps that let the Java worker create function instances (the usual case). */
    public FunctionIndexer() {
        this(false);
    }

    /**
     * @param appProvidesInstanceInjector the app ships a {@code FunctionInstanceInjector}
     *        ({@code META-INF/services}); instances then come from it, so a class without a public
     *        no-argument constructor is not an error
     */
    public FunctionIndexer(boolean appProvidesInstanceInjector) {
        this.instanceInjector = appProvidesInstanceInjector;
    }

    /**
     * Indexes the {@code @FunctionName} methods declared in {@code classes}.
     *
     * @param appName the function app's name, copied to each {@code dto.app}
     * @param classes the app's classes; a class listed twice is indexed once
     * @return one entry per annotated method: by class in the given order, then by method name
     */
    public List<IndexedFunction> index(String appName, Collection<Class<?>> classes) {
        List<Entry> entries = new ArrayList<>();
        for (Class<?> type : new LinkedHashSet<>(classes)) {
            for (Method method : declaredMethods(type)) {
                FunctionName functionName = functionName(method);
                if (functionName != null) {
                    entries.add(entry(appName, method, functionName));
                }
            }
        }
        checkDuplicateNames(entries);
        List<IndexedFunction> result = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (!entry.problems.isEmpty()) {
                entry.dto.state = FunctionState.ERROR;
                entry.dto.stateMessage = "Function '" + entry.dto.name + "' (" + entry.dto.entryPoint + ") is invalid: "
                        + String.join("; ", entry.problems) + ".";
            }
            result.add(new IndexedFunction(entry.method, entry.dto));
        }
        return result;
    }

    /** A function while it is being indexed. */
    private static final class Entry {
        final Method method;
        final FunctionDTO dto = new FunctionDTO();
        final List<String> problems = new ArrayList<>();

        Entry(Method method) {
            this.method = method;
        }
    }

    private static List<Method> declaredMethods(Class<?> type) {
        try {
            return Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> !m.isBridge() && !m.isSynthetic())
                    .sorted(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString))
                    .collect(Collectors.toList());
        } catch (LinkageError | RuntimeException e) {
            // Without its methods nothing can be reported per function; say it once for the class.
            LOG.warn("Cannot list the methods of {} to find its functions: {}", type.getName(), e.toString());
            return List.of();
        }
    }

    private static FunctionName functionName(Method method) {
        try {
            return method.getAnnotation(FunctionName.class);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("Cannot read the annotations of {}: {}", method, e.toString());
            return null;
        }
    }

    private Entry entry(String appName, Method method, FunctionName functionName) {
        Entry entry = new Entry(method);
        FunctionDTO dto = entry.dto;
        dto.app = appName;
        dto.name = functionName.value();
        dto.entryPoint = entryPoint(method);
        checkName(dto.name, entry.problems);
        checkWorkerCanCall(method, entry.problems);
        try {
            SpecDeriver.Derivation derivation = SpecDeriver.derive(method);
            dto.bindings = derivation.bindings.stream().map(DerivedBinding::toDTO).collect(Collectors.toList());
            dto.retry = derivation.retry;
            entry.problems.addAll(derivation.problems);
            checkBindings(derivation.bindings, entry.problems);
        } catch (LinkageError | RuntimeException e) {
            entry.problems.add("its binding annotations cannot be read (" + e + "): check that every class they"
                    + " refer to is in the app or imported by it");
        }
        return entry;
    }

    /** {@code <canonical class name>.<method>}, as the plugin writes it. */
    static String entryPoint(Method method) {
        Class<?> type = method.getDeclaringClass();
        String className = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
        return className + "." + method.getName();
    }

    private static void checkName(String name, List<String> problems) {
        if (name == null || name.isEmpty()) {
            problems.add("its @FunctionName is empty: give the function a name");
        } else if ("host".equalsIgnoreCase(name)) {
            problems.add("the name 'host' is reserved by the Functions host: choose another @FunctionName");
        } else if (!FUNCTION_NAME.matcher(name).matches()) {
            problems.add("the name '" + name + "' is not a valid function name: it must start with a letter and"
                    + " contain only letters, digits, '_' and '-', at most 128 characters; change @FunctionName");
        }
    }

    /** What Azure's Java worker needs to load the method and call it (FunctionDefinition, JavaMethodInvokeInfo). */
    private void checkWorkerCanCall(Method method, List<String> problems) {
        Class<?> type = method.getDeclaringClass();
        String className = type.getName();
        if (type.isInterface()) {
            problems.add("it is declared in interface " + className + ", whose methods Azure's Java worker cannot"
                    + " call: move it to a public class");
            return;
        }
        if (type.getEnclosingClass() != null) {
            problems.add("it is declared in nested class " + className + ", which Azure's Java worker cannot load"
                    + " from the entryPoint name: move it to a public top-level class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            problems.add("class " + className + " is not public, so Azure's Java worker cannot call its methods:"
                    + " make the class public");
        }
        if (!Modifier.isPublic(method.getModifiers())) {
            problems.add("method " + method.getName() + " is not public, and Azure's Java worker only calls public"
                    + " methods: make it public");
        }
        long overloads = Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() == type && m.getName().equals(method.getName()) && !m.isBridge())
                .count();
        if (overloads > 1) {
            problems.add("class " + className + " declares " + overloads + " public methods named '" + method.getName()
                    + "', and Azure's Java worker refuses overloaded function methods: rename the other methods or"
                    + " make them non-public");
        }
        if (!Modifier.isStatic(method.getModifiers()) && !instanceInjector) {
            if (Modifier.isAbstract(type.getModifiers())) {
                problems.add("method " + method.getName() + " is not static and class " + className + " is abstract,"
                        + " but Azure's Java worker creates an instance of the class for each call: make the class"
                        + " concrete or the method static");
            } else if (!hasPublicNoArgConstructor(type)) {
                problems.add("method " + method.getName() + " is not static and class " + className + " has no"
                        + " public no-argument constructor, which Azure's Java worker uses to create an instance for"
                        + " each call: add one, make the method static, or ship a FunctionInstanceInjector");
            }
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    /** The plugin's FunctionConfiguration.validate() plus the host's ValidateFunction/ValidateBinding. */
    private static void checkBindings(List<DerivedBinding> bindings, List<String> problems) {
        List<DerivedBinding> triggers = bindings.stream()
                .filter(b -> b.type != null && b.type.endsWith("Trigger"))
                .collect(Collectors.toList());
        if (triggers.isEmpty()) {
            problems.add("it has no trigger: annotate exactly one parameter with a trigger such as @HttpTrigger,"
                    + " @QueueTrigger, @TimerTrigger or @BlobTrigger");
        } else if (triggers.size() > 1) {
            problems.add("it has " + triggers.size() + " triggers (" + describe(triggers)
                    + "), but a function has exactly one: keep one trigger and split the rest into other functions");
        }
        boolean httpTrigger = bindings.stream().anyMatch(b -> "httpTrigger".equalsIgnoreCase(b.type));
        List<DerivedBinding> httpOutputs = bindings.stream()
                .filter(b -> "http".equalsIgnoreCase(b.type))
                .collect(Collectors.toList());
        if (!httpTrigger && !httpOutputs.isEmpty()) {
            problems.add("it has an HTTP output (" + describe(httpOutputs) + ") but no @HttpTrigger, and an HTTP"
                    + " output only answers an HTTP trigger: remove the @HttpOutput or trigger the function by HTTP");
        }
        for (DerivedBinding binding : bindings) {
            Object connection = binding.attributes.get(DerivedBinding.CONNECTION);
            if (binding.storage() && (connection == null || "".equals(connection))) {
                problems.add(describe(binding) + " has no connection, which Azure's Maven plugin refuses: set"
                        + " connection = \"AzureWebJobsStorage\" (or the name of another app setting) on it, or put"
                        + " @StorageAccount(\"AzureWebJobsStorage\") on the method");
            }
            if (!binding.directionValid()) {
                problems.add(describe(binding) + " has direction '" + binding.rawDirection + "': use \"in\" or \"out\""
                        + " in its @CustomBinding");
            }
        }
        Map<String, List<DerivedBinding>> byName = new LinkedHashMap<>();
        for (DerivedBinding binding : bindings) {
            String name = binding.name();
            if (name == null || !BINDING_NAME.matcher(name).matches()) {
                problems.add(describe(binding) + " has an invalid name: a binding name starts with a letter and"
                        + " contains only letters and digits (at most 128); change its name");
            } else {
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(binding);
            }
            if (BindingDTO.RETURN.equalsIgnoreCase(name) && !BindingDTO.DIRECTION_OUT.equals(binding.direction())) {
                problems.add(describe(binding) + " is on the method, so it binds the return value, which only an"
                        + " output binding can take: move it to a parameter");
            }
        }
        byName.values().stream().filter(same -> same.size() > 1).forEach(same -> problems.add(
                "binding names must be unique (ignoring case), but " + describe(same) + " share one: rename all but one"));
    }

    private static void checkDuplicateNames(List<Entry> entries) {
        Map<String, List<Entry>> byName = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.dto.name != null && !entry.dto.name.isEmpty()) {
                byName.computeIfAbsent(entry.dto.name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(entry);
            }
        }
        for (List<Entry> same : byName.values()) {
            if (same.size() < 2) {
                continue;
            }
            for (Entry entry : same) {
                String others = same.stream()
                        .filter(other -> other != entry)
                        .map(other -> "'" + other.dto.name + "' (" + other.method.toGenericString() + ")")
                        .collect(Collectors.joining(", "));
                entry.problems.add("its name is also used by " + others + ", and function names in an app must be"
                        + " unique ignoring case: give each function its own @FunctionName");
            }
        }
    }

    private static String describe(List<DerivedBinding> bindings) {
        return bindings.stream().map(FunctionIndexer::describe).collect(Collectors.joining(", "));
    }

    /** e.g. {@code queue binding 'copy' (@QueueOutput)}. */
    private static String describe(DerivedBinding binding) {
        String origin = binding.source == null ? "implicit HTTP output" : binding.annotationLabel();
        return binding.type + " binding '" + binding.name() + "' (" + origin + ")";
    }
}
