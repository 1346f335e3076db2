package io.fnhost.core.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fnhost.core.internal.spec.samples.BlobFunctions;
import io.fnhost.core.internal.spec.samples.CustomFunctions;
import io.fnhost.core.internal.spec.samples.HttpFunctions;
import io.fnhost.core.internal.spec.samples.QueueFunctions;
import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.RetryDTO;

/** The DTO side of the derived spec: typed attribute values, retry, method and entry point. */
class FunctionIndexerTest {
    private final FunctionIndexer indexer = new FunctionIndexer();

    private IndexedFunction function(Class<?> type, String name) {
        return indexer.index("app", List.of(type)).stream()
                .filter(f -> f.dto().name.equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function " + name));
    }

    @Test
    void httpTriggerAttributesAreTypedAsTheDtoDocuments() throws Exception {
        IndexedFunction function = function(HttpFunctions.class, "HttpGetPost");
        FunctionDTO dto = function.dto();

        assertThat(function.method()).isEqualTo(HttpFunctions.class.getMethod("getPost",
                com.microsoft.azure.functions.HttpRequestMessage.class, com.microsoft.azure.functions.ExecutionContext.class));
        assertThat(dto.entryPoint).isEqualTo("io.fnhost.core.internal.spec.samples.HttpFunctions.getPost");
        assertThat(dto.state).isNull();
        assertThat(dto.bindings).hasSize(2);
        BindingDTO trigger = dto.bindings.get(0);
        assertThat(trigger.isTrigger()).isTrue();
        assertThat(trigger.type).isEqualTo("httpTrigger");
        assertThat(trigger.direction).isEqualTo(BindingDTO.DIRECTION_IN);
        assertThat(trigger.name).isEqualTo("req");
        assertThat(trigger.attributes).doesNotContainKey("name");
        assertThat(trigger.attributes.get("methods")).isEqualTo(new String[] {"GET", "POST"});
        assertThat(trigger.attributes.get("authLevel")).isEqualTo("ANONYMOUS");
        BindingDTO output = dto.bindings.get(1);
        assertThat(output.type).isEqualTo("http");
        assertThat(output.direction).isEqualTo(BindingDTO.DIRECTION_OUT);
        assertThat(output.name).isEqualTo(BindingDTO.RETURN);
        assertThat(output.attributes).isEmpty();
    }

    @Test
    void defaultAuthLevelIsWrittenAndEmptyMethodsToo() {
        BindingDTO trigger = function(HttpFunctions.class, "HttpRoute").dto().bindings.get(0);

        assertThat(trigger.attributes).containsEntry("authLevel", "FUNCTION").containsEntry("route",
                "products/{category:alpha}/{id:int?}");
        assertThat(trigger.attributes.get("methods")).isEqualTo(new String[0]);
        assertThat(trigger.attributes).doesNotContainKey("dataType");
    }

    @Test
    void voidHttpFunctionGetsNoImplicitOutput() {
        assertThat(function(HttpFunctions.class, "HttpVoid").dto().bindings).extracting(b -> b.type)
                .containsExactly("httpTrigger");
    }

    @Test
    void methodLevelOutputBindsTheReturnValueAndSuppressesTheImplicitHttpOutput() {
        assertThat(function(HttpFunctions.class, "HttpToQueue").dto().bindings)
                .extracting(b -> b.type + "/" + b.direction + "/" + b.name)
                .containsExactly("httpTrigger/in/req", "queue/out/$return");
    }

    @Test
    void retryPoliciesAreCopiedFromTheAnnotations() {
        RetryDTO fixed = function(QueueFunctions.class, "QueueFixedRetry").dto().retry;
        assertThat(fixed.strategy).isEqualTo(RetryDTO.FIXED_DELAY);
        assertThat(fixed.maxRetryCount).isEqualTo(3);
        assertThat(fixed.delayInterval).isEqualTo("00:00:05");
        assertThat(fixed.minimumInterval).isNull();

        RetryDTO exponential = function(QueueFunctions.class, "QueueToTable").dto().retry;
        assertThat(exponential.strategy).isEqualTo(RetryDTO.EXPONENTIAL_BACKOFF);
        assertThat(exponential.maxRetryCount).isEqualTo(-1);
        assertThat(exponential.minimumInterval).isEqualTo("00:00:01");
        assertThat(exponential.maximumInterval).isEqualTo("00:15:00");
        assertThat(exponential.delayInterval).isNull();

        assertThat(function(QueueFunctions.class, "QueueCopy").dto().retry).isNull();
    }

    @Test
    void storageAccountFillsOnlyEmptyConnections() {
        List<BindingDTO> bindings = function(BlobFunctions.class, "BlobCopy").dto().bindings;

        assertThat(bindings.get(0).attributes).containsEntry("connection", "AzureWebJobsStorage")
                .containsEntry("dataType", "binary");
        assertThat(bindings.get(1).attributes).containsEntry("connection", "CopyStorage");
    }

    @Test
    void customBindingsKeepTheirTypesAndNumbers() {
        List<BindingDTO> relay = function(CustomFunctions.class, "RabbitRelay").dto().bindings;
        assertThat(relay.get(0).type).isEqualTo("rabbitMQTrigger");
        assertThat(relay.get(0).isTrigger()).isTrue();
        assertThat(relay.get(0).attributes).containsEntry("port", 5672).doesNotContainKey("dataType");
        assertThat(relay.get(1).name).isEqualTo(BindingDTO.RETURN);
        assertThat(relay.get(1).attributes).containsEntry("durable", true).doesNotContainKey("connectionStringSetting");

        BindingDTO direct = function(CustomFunctions.class, "DirectCustom").dto().bindings.get(0);
        assertThat(direct.type).isEqualTo("mqttTrigger");
        assertThat(direct.direction).isEqualTo(BindingDTO.DIRECTION_IN);
        assertThat(direct.name).isEqualTo("event");
        assertThat(direct.attributes).isEmpty();
    }

    @Test
    void classesListedTwiceAreIndexedOnce() {
        assertThat(indexer.index("app", List.of(QueueFunctions.class, QueueFunctions.class)))
                .extracting(f -> f.dto().name)
                .containsExactly("QueueCopy", "QueueFixedRetry", "QueueToTable");
    }
}
