package io.fnhost.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BlobInput;
import com.microsoft.azure.functions.annotation.CustomBinding;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpOutput;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.StorageAccount;
import com.microsoft.azure.functions.annotation.TableInput;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import io.fnhost.core.internal.spec.samples.BlobFunctions;
import io.fnhost.core.internal.spec.samples.HttpFunctions;
import io.fnhost.core.internal.spec.samples.QueueFunctions;
import io.fnhost.spi.FunctionState;

/**
 * Every validation rule: the plugin's build errors, the host's function and binding checks, and what the
 * Java worker needs to load and call a method. Fixtures are nested classes, so their messages also carry
 * the nested-class problem; each test asserts the problem it is about.
 */
class FunctionValidationTest {
    private static final String NESTED = FunctionValidationTest.class.getName();

    private final FunctionIndexer indexer = new FunctionIndexer();

    private IndexedFunction only(Class<?> type) {
        List<IndexedFunction> functions = indexer.index("app", List.of(type));
        assertThat(functions).hasSize(1);
        return functions.get(0);
    }

    private static String invalid(IndexedFunction function) {
        assertThat(function.valid()).isFalse();
        assertThat(function.dto().state).isEqualTo(FunctionState.ERROR);
        // Every message names the function and its method.
        assertThat(function.dto().stateMessage)
                .startsWith("Function '" + function.dto().name + "' (" + function.dto().entryPoint + ") is invalid: ");
        return function.dto().stateMessage;
    }

    // ---- triggers ------------------------------------------------------------------------------------

    public static class TwoTriggers {
        @FunctionName("TwoTriggers")
        public void run(@HttpTrigger(name = "req") String req,
                @QueueTrigger(name = "msg", queueName = "q", connection = "AzureWebJobsStorage") String msg) {
        }
    }

    @Test
    void moreThanOneTriggerIsAnError() {
        IndexedFunction function = only(TwoTriggers.class);

        assertThat(invalid(function)).contains("it has 2 triggers (httpTrigger binding 'req' (@HttpTrigger),"
                + " queueTrigger binding 'msg' (@QueueTrigger)), but a function has exactly one: keep one trigger");
        // The spec is still derived so that the portal can show it.
        assertThat(function.dto().bindings).hasSize(2);
    }

    public static class NoTrigger {
        @FunctionName("NoTrigger")
        public void run(@QueueOutput(name = "out", queueName = "q", connection = "AzureWebJobsStorage")
                OutputBinding<String> out) {
        }
    }

    @Test
    void aFunctionWithoutTriggerIsAnError() {
        assertThat(invalid(only(NoTrigger.class))).contains("it has no trigger: annotate exactly one parameter with a"
                + " trigger such as @HttpTrigger");
    }

    // ---- HTTP output ---------------------------------------------------------------------------------

    public static class HttpOutputWithoutHttpTrigger {
        @FunctionName("TimerWithHttpOut")
        @HttpOutput(name = "res")
        public String run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
            return tick;
        }
    }

    @Test
    void httpOutputNeedsAnHttpTrigger() {
        assertThat(invalid(only(HttpOutputWithoutHttpTrigger.class))).contains("it has an HTTP output (http binding"
                + " '$return' (@HttpOutput)) but no @HttpTrigger", "remove the @HttpOutput or trigger the function by HTTP");
    }

    // ---- storage connections -------------------------------------------------------------------------

    public static class EmptyStorageConnection {
        @FunctionName("EmptyConnection")
        public void run(@QueueTrigger(name = "msg", queueName = "q") String msg,
                @BlobInput(name = "file", path = "c/{queueTrigger}", connection = "Blobs") String file,
                @TableInput(name = "row", tableName = "t") String row) {
        }
    }

    @Test
    void storageBindingsNeedAConnection() {
        String message = invalid(only(EmptyStorageConnection.class));

        assertThat(message).contains("queueTrigger binding 'msg' (@QueueTrigger) has no connection, which Azure's"
                + " Maven plugin refuses: set connection = \"AzureWebJobsStorage\"", "or put"
                + " @StorageAccount(\"AzureWebJobsStorage\") on the method");
        assertThat(message).contains("table binding 'row' (@TableInput) has no connection");
        assertThat(message).doesNotContain("binding 'file'");
    }

    public static class StorageAccountFillsConnections {
        @FunctionName("Filled")
        @StorageAccount("AzureWebJobsStorage")
        public void run(@QueueTrigger(name = "msg", queueName = "q") String msg,
                @TableInput(name = "row", tableName = "t") String row) {
        }
    }

    @Test
    void storageAccountSatisfiesTheConnectionRule() {
        assertThat(only(StorageAccountFillsConnections.class).dto().stateMessage)
                .doesNotContain("has no connection");
    }

    // ---- retry ---------------------------------------------------------------------------------------

    public static class BothRetries {
        @FunctionName("BothRetries")
        @FixedDelayRetry(maxRetryCount = 1, delayInterval = "00:00:01")
        @ExponentialBackoffRetry(maxRetryCount = 1, minimumInterval = "00:00:01", maximumInterval = "00:00:10")
        public void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void bothRetryPoliciesAreAnError() {
        IndexedFunction function = only(BothRetries.class);

        assertThat(invalid(function)).contains("it has both @FixedDelayRetry and @ExponentialBackoffRetry",
                "keep only one of them");
        assertThat(function.dto().retry).isNull();
    }

    // ---- function names ------------------------------------------------------------------------------

    public static class BadNames {
        @FunctionName("9lives")
        public static void digit(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName("with space")
        public static void space(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName("HOST")
        public static void host(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName("")
        public static void empty(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void functionNamesFollowTheHostRule() {
        List<IndexedFunction> functions = indexer.index("app", List.of(BadNames.class));

        assertThat(functions).hasSize(4).allMatch(f -> !f.valid());
        assertThat(message(functions, "digit")).contains("the name '9lives' is not a valid function name: it must"
                + " start with a letter and contain only letters, digits, '_' and '-', at most 128 characters;"
                + " change @FunctionName");
        assertThat(message(functions, "space")).contains("the name 'with space' is not a valid function name");
        assertThat(message(functions, "host")).contains("the name 'host' is reserved by the Functions host");
        assertThat(message(functions, "empty")).contains("its @FunctionName is empty: give the function a name");
    }

    private static final String LONGEST = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static class LengthLimit {
        @FunctionName(LONGEST)
        public static void longest(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName(LONGEST + "c")
        public static void tooLong(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName("Mixed_Case-name9")
        public static void mixed(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void functionNamesMayHave128CharactersAndMixedCase() {
        List<IndexedFunction> functions = indexer.index("app", List.of(LengthLimit.class));

        assertThat(LONGEST).hasSize(128);
        assertThat(message(functions, "longest")).doesNotContain("not a valid function name");
        assertThat(message(functions, "mixed")).doesNotContain("not a valid function name");
        assertThat(message(functions, "tooLong")).contains("is not a valid function name");
    }

    private static String message(List<IndexedFunction> functions, String method) {
        return functions.stream().filter(f -> f.method().getName().equals(method)).findFirst().orElseThrow()
                .dto().stateMessage;
    }

    public static class DuplicateA {
        @FunctionName("Orders")
        public static void a(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    public static class DuplicateB {
        @FunctionName("ORDERS")
        public static void b(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @FunctionName("Unique")
        public static void c(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void everyFunctionSharingANameIgnoringCaseIsAnError() {
        List<IndexedFunction> functions = indexer.index("app", List.of(DuplicateA.class, DuplicateB.class));

        assertThat(message(functions, "a")).contains("its name is also used by 'ORDERS' (public static void "
                + NESTED + "$DuplicateB.b(java.lang.String)), and function names in an app must be unique ignoring"
                + " case: give each function its own @FunctionName");
        assertThat(message(functions, "b")).contains("its name is also used by 'Orders'");
        assertThat(message(functions, "c")).doesNotContain("also used by");
    }

    @Test
    void samplesFromSeveralClassesDoNotClash() {
        assertThat(indexer.index("app", List.of(HttpFunctions.class, BlobFunctions.class, QueueFunctions.class)))
                .hasSize(12)
                .allMatch(IndexedFunction::valid);
    }

    // ---- what the Java worker needs --------------------------------------------------------------------

    public static class Overloads {
        @FunctionName("Overloaded")
        public static void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        public static void run(String tick, int extra) {
        }
    }

    @Test
    void overloadedMethodsAreAnError() {
        assertThat(invalid(only(Overloads.class))).contains("class " + NESTED + "$Overloads declares 2 public methods"
                + " named 'run', and Azure's Java worker refuses overloaded function methods: rename the other methods"
                + " or make them non-public");
    }

    public static class PrivateOverloadIsFine {
        @FunctionName("NotOverloaded")
        public static void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }

        @SuppressWarnings("unused")
        private static void run(String tick, int extra) {
        }
    }

    @Test
    void nonPublicMethodsWithTheSameNameAreNoOverload() {
        assertThat(only(PrivateOverloadIsFine.class).dto().stateMessage).doesNotContain("overloaded");
    }

    public static class NonPublicMethod {
        @FunctionName("Hidden")
        static void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void nonPublicMethodIsAnError() {
        assertThat(invalid(only(NonPublicMethod.class))).contains("method run is not public, and Azure's Java worker"
                + " only calls public methods: make it public");
    }

    static class PackagePrivateClass {
        @FunctionName("InHiddenClass")
        public static void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void nonPublicClassIsAnError() {
        assertThat(invalid(only(PackagePrivateClass.class))).contains("class " + NESTED + "$PackagePrivateClass is"
                + " not public, so Azure's Java worker cannot call its methods: make the class public");
    }

    public static class NoDefaultConstructor {
        private final String prefix;

        public NoDefaultConstructor(String prefix) {
            this.prefix = prefix;
        }

        @FunctionName("NeedsInstance")
        public void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
            System.out.println(prefix + tick);
        }

        @FunctionName("StaticIsFine")
        public static void runStatic(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void instanceMethodNeedsAPublicNoArgConstructor() {
        List<IndexedFunction> functions = indexer.index("app", List.of(NoDefaultConstructor.class));

        assertThat(message(functions, "run")).contains("method run is not static and class " + NESTED
                + "$NoDefaultConstructor has no public no-argument constructor, which Azure's Java worker uses to"
                + " create an instance for each call: add one, make the method static, or ship a"
                + " FunctionInstanceInjector");
        assertThat(message(functions, "runStatic")).doesNotContain("constructor");
    }

    @Test
    void anInstanceInjectorLiftsTheConstructorRule() {
        List<IndexedFunction> functions = new FunctionIndexer(true).index("app", List.of(NoDefaultConstructor.class));

        assertThat(message(functions, "run")).doesNotContain("constructor");
    }

    public abstract static class AbstractFunctions {
        @FunctionName("Abstract")
        public void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void instanceMethodOfAnAbstractClassIsAnError() {
        assertThat(invalid(only(AbstractFunctions.class))).contains("method run is not static and class " + NESTED
                + "$AbstractFunctions is abstract");
    }

    public interface InterfaceFunctions {
        @FunctionName("InInterface")
        static void run(@TimerTrigger(name = "tick", schedule = "0 * * * * *") String tick) {
        }
    }

    @Test
    void functionInAnInterfaceIsAnError() {
        assertThat(invalid(only(InterfaceFunctions.class))).contains("it is declared in interface " + NESTED
                + "$InterfaceFunctions, whose methods Azure's Java worker cannot call: move it to a public class");
    }

    @Test
    void functionInANestedClassIsAnError() {
        IndexedFunction function = only(Overloads.class);

        assertThat(function.dto().entryPoint).isEqualTo(FunctionValidationTest.class.getCanonicalName() + ".Overloads.run");
        assertThat(invalid(function)).contains("it is declared in nested class " + NESTED + "$Overloads, which Azure's"
                + " Java worker cannot load from the entryPoint name: move it to a public top-level class");
    }

    // ---- binding names and directions (host rules) ---------------------------------------------------

    public static class BadBindingNames {
        @FunctionName("BadBindingNames")
        public void run(@QueueTrigger(name = "my-message", queueName = "q", connection = "C") String msg,
                @QueueOutput(name = "Out", queueName = "a", connection = "C") OutputBinding<String> a,
                @QueueOutput(name = "out", queueName = "b", connection = "C") OutputBinding<String> b) {
        }
    }

    @Test
    void bindingNamesFollowTheHostRules() {
        String message = invalid(only(BadBindingNames.class));

        assertThat(message).contains("queueTrigger binding 'my-message' (@QueueTrigger) has an invalid name: a binding"
                + " name starts with a letter and contains only letters and digits (at most 128); change its name");
        assertThat(message).contains("binding names must be unique (ignoring case), but queue binding 'Out'"
                + " (@QueueOutput), queue binding 'out' (@QueueOutput) share one: rename all but one");
    }

    public static class BadCustomDirection {
        @FunctionName("BadDirection")
        public void run(@HttpTrigger(name = "req") HttpRequestMessage<String> req,
                @CustomBinding(direction = "inout", name = "state", type = "durableState") String state) {
        }
    }

    @Test
    void customBindingDirectionMustBeInOrOut() {
        assertThat(invalid(only(BadCustomDirection.class))).contains("durableState binding 'state' (@CustomBinding)"
                + " has direction 'inout': use \"in\" or \"out\" in its @CustomBinding");
    }

    public static class InputOnTheMethod {
        @FunctionName("InputOnMethod")
        @CustomBinding(direction = "in", name = "x", type = "thing")
        public String run(@HttpTrigger(name = "req") HttpRequestMessage<String> req) {
            return "";
        }
    }

    @Test
    void returnValueBindingMustBeAnOutput() {
        assertThat(invalid(only(InputOnTheMethod.class))).contains("thing binding '$return' (@CustomBinding) is on the"
                + " method, so it binds the return value, which only an output binding can take: move it to a"
                + " parameter");
    }

    // ---- robustness ----------------------------------------------------------------------------------

    @Test
    void severalProblemsAreReportedTogether() {
        String message = invalid(only(TwoTriggers.class));

        assertThat(message).contains("; ").endsWith(".");
    }

    @Test
    void classesWithoutFunctionsYieldNothing() {
        assertThat(indexer.index("app", List.of(String.class, FunctionValidationTest.class))).isEmpty();
    }
}
