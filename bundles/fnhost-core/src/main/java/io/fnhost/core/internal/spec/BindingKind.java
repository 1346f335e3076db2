package io.fnhost.core.internal.spec;

import java.util.Locale;

import io.fnhost.spi.BindingDTO;

/**
 * The binding annotations Azure's Maven plugin knows by simple name (its {@code BindingEnum}): the
 * function.json type and direction each one maps to, and whether it is a storage binding whose
 * {@code connection} must be set. Annotations not listed here become bindings only through
 * {@code @CustomBinding}.
 */
enum BindingKind {
    BLOB_TRIGGER("BlobTrigger", "blobTrigger", BindingDTO.DIRECTION_IN, true),
    BLOB_INPUT("BlobInput", "blob", BindingDTO.DIRECTION_IN, true),
    BLOB_OUTPUT("BlobOutput", "blob", BindingDTO.DIRECTION_OUT, true),
    COSMOS_DB_INPUT("CosmosDBInput", "cosmosDB", BindingDTO.DIRECTION_IN, false),
    COSMOS_DB_OUTPUT("CosmosDBOutput", "cosmosDB", BindingDTO.DIRECTION_OUT, false),
    COSMOS_DB_TRIGGER("CosmosDBTrigger", "cosmosDBTrigger", BindingDTO.DIRECTION_IN, false),
    EVENT_HUB_TRIGGER("EventHubTrigger", "eventHubTrigger", BindingDTO.DIRECTION_IN, false),
    EVENT_HUB_OUTPUT("EventHubOutput", "eventHub", BindingDTO.DIRECTION_OUT, false),
    EVENT_GRID_TRIGGER("EventGridTrigger", "eventGridTrigger", BindingDTO.DIRECTION_IN, false),
    EVENT_GRID_OUTPUT("EventGridOutput", "eventGrid", BindingDTO.DIRECTION_OUT, false),
    HTTP_TRIGGER("HttpTrigger", "httpTrigger", BindingDTO.DIRECTION_IN, false),
    HTTP_OUTPUT("HttpOutput", "http", BindingDTO.DIRECTION_OUT, false),
    KAFKA_TRIGGER("KafkaTrigger", "kafkaTrigger", BindingDTO.DIRECTION_IN, false),
    KAFKA_OUTPUT("KafkaOutput", "kafka", BindingDTO.DIRECTION_OUT, false),
    QUEUE_TRIGGER("QueueTrigger", "queueTrigger", BindingDTO.DIRECTION_IN, true),
    QUEUE_OUTPUT("QueueOutput", "queue", BindingDTO.DIRECTION_OUT, true),
    SEND_GRID_OUTPUT("SendGridOutput", "sendGrid", BindingDTO.DIRECTION_OUT, false),
    SERVICE_BUS_QUEUE_TRIGGER("ServiceBusQueueTrigger", "serviceBusTrigger", BindingDTO.DIRECTION_IN, false),
    SERVICE_BUS_QUEUE_OUTPUT("ServiceBusQueueOutput", "serviceBus", BindingDTO.DIRECTION_OUT, false),
    SERVICE_BUS_TOPIC_TRIGGER("ServiceBusTopicTrigger", "serviceBusTrigger", BindingDTO.DIRECTION_IN, false),
    SERVICE_BUS_TOPIC_OUTPUT("ServiceBusTopicOutput", "serviceBus", BindingDTO.DIRECTION_OUT, false),
    TABLE_INPUT("TableInput", "table", BindingDTO.DIRECTION_IN, true),
    TABLE_OUTPUT("TableOutput", "table", BindingDTO.DIRECTION_OUT, true),
    TIMER_TRIGGER("TimerTrigger", "timerTrigger", BindingDTO.DIRECTION_IN, false),
    TWILIO_SMS_OUTPUT("TwilioSmsOutput", "twilioSms", BindingDTO.DIRECTION_OUT, false),
    /** {@code @CustomBinding} used directly: its own type and direction members replace these. */
    CUSTOM_BINDING("CustomBinding", "customBinding", null, false);

    final String annotationName;
    final String type;
    final String direction;
    final boolean storage;

    BindingKind(String annotationName, String type, String direction, boolean storage) {
        this.annotationName = annotationName;
        this.type = type;
        this.direction = direction;
        this.storage = storage;
    }

    /**
     * The kind whose name equals the annotation's simple name ignoring case, whatever its package,
     * because that is how the plugin matches; {@code null} when none does.
     */
    static BindingKind forAnnotation(Class<?> annotationType) {
        String simple = annotationType.getSimpleName().toLowerCase(Locale.ENGLISH);
        for (BindingKind kind : values()) {
            if (kind.annotationName.toLowerCase(Locale.ENGLISH).equals(simple)) {
                return kind;
            }
        }
        return null;
    }

    /** Attributes written even at their default value (the plugin's required-attribute map). */
    boolean alwaysWritten(String attribute) {
        return (this == HTTP_TRIGGER && "authLevel".equals(attribute))
                || (this == EVENT_HUB_TRIGGER && "cardinality".equals(attribute));
    }
}
