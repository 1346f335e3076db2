package io.fnhost.core.internal.spec.samples;

import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AccessRights;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.EventHubOutput;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.KafkaOutput;
import com.microsoft.azure.functions.annotation.SendGridOutput;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import com.microsoft.azure.functions.annotation.WarmupTrigger;

/** Bindings fnhost does not run yet; their specs must still match Azure's (enums, ints, booleans, defaults). */
public class MessagingFunctions {

    /** Event Hub trigger: {@code cardinality} is always written, even at its default. */
    @FunctionName("EventHubDefaultCardinality")
    public void eventHub(
            @EventHubTrigger(name = "events", eventHubName = "hub", connection = "HubConnection") String[] events,
            @EventHubOutput(name = "forward", eventHubName = "hub2", connection = "HubConnection")
                    OutputBinding<String> forward) {
    }

    @FunctionName("EventHubSingle")
    public void eventHubSingle(
            @EventHubTrigger(name = "event", eventHubName = "hub", connection = "HubConnection",
                    cardinality = Cardinality.ONE, consumerGroup = "fnhost") String event) {
    }

    /** Service Bus with enum and boolean attributes, Kafka output with int attributes. */
    @FunctionName("ServiceBusToKafka")
    public void serviceBus(
            @ServiceBusQueueTrigger(name = "msg", queueName = "sb", connection = "SbConnection",
                    access = AccessRights.LISTEN, isSessionsEnabled = true) String msg,
            @KafkaOutput(name = "kafka", topic = "t", brokerList = "broker:9092", batchSize = 5)
                    OutputBinding<String> kafka) {
    }

    @FunctionName("EventGridMail")
    public void eventGrid(
            @EventGridTrigger(name = "event") String event,
            @SendGridOutput(name = "mail", apiKey = "SendGridKey", to = "ops@example.com", from = "fnhost@example.com",
                    subject = "Event", text = "") OutputBinding<String> mail) {
    }

    /** {@code @WarmupTrigger} is a {@code @CustomBinding} meta-annotated trigger whose name has a default. */
    @FunctionName("Warmup")
    public void warmup(@WarmupTrigger Object warmupContext) {
    }
}
