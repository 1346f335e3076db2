package io.fnhost.examples.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import java.util.Optional;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.OutputBinding;

/** Unit tests in the style of Azure's Java samples: a mocked request and context, no runtime at all. */
class OrderFunctionsTest {
    private final OrderFunctions functions = new OrderFunctions();
    private ExecutionContext context;

    @BeforeEach
    void mockContext() {
        context = mock(ExecutionContext.class);
        doReturn(Logger.getGlobal()).when(context).getLogger();
        OrderStats.FULFILLED.set(0);
    }

    @SuppressWarnings("unchecked")
    private static HttpRequestMessage<Optional<Order>> request(Order body) {
        HttpRequestMessage<Optional<Order>> request = mock(HttpRequestMessage.class);
        doReturn(Optional.ofNullable(body)).when(request).getBody();
        doAnswer(invocation -> new HttpResponseMessageMock.Builder()
                .status((HttpStatusType) invocation.getArguments()[0]))
                .when(request).createResponseBuilder(any(HttpStatus.class));
        return request;
    }

    @Test
    void quotePricesTheOrderInTheDefaultCurrency() {
        HttpResponseMessage response = functions.quote(request(new Order(null, null, "apple", 3)), "ada", context);

        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals("application/json", response.getHeader("Content-Type"));
        Quote quote = assertInstanceOf(Quote.class, response.getBody());
        assertEquals("ada", quote.customer);
        assertEquals(150, quote.unitPriceCents);
        assertEquals(450, quote.totalCents);
        // the app setting Currency is unset in a unit test's environment (unless the build machine sets it)
        String currency = System.getenv(OrderFunctions.CURRENCY_SETTING);
        assertEquals(currency == null || currency.isBlank() ? "EUR" : currency, quote.currency);
    }

    @Test
    void quoteRefusesAMissingOrInvalidOrderWith400() {
        HttpResponseMessage noBody = functions.quote(request(null), "ada", context);
        assertEquals(HttpStatus.BAD_REQUEST, noBody.getStatus());
        assertTrue(String.valueOf(noBody.getBody()).contains("send the order as JSON"));

        HttpResponseMessage zero = functions.quote(request(new Order(null, null, "apple", 0)), "ada", context);
        assertEquals(HttpStatus.BAD_REQUEST, zero.getStatus());
        assertEquals("quantity must be between 1 and 1000, was 0", zero.getBody());
    }

    @Test
    void placeOrderQueuesTheOrderForTheCustomerInTheRouteAndAnswers202() {
        OutputBinding<Order> queue = new QueueMessages<>();

        HttpResponseMessage response = functions.placeOrder(request(new Order("ignored", "mallory", "pear", 2)),
                "ada", queue, context);

        assertEquals(HttpStatus.ACCEPTED, response.getStatus());
        Order queued = queue.getValue();
        assertNotNull(queued);
        assertEquals("ada", queued.customer, "the customer comes from the route, not the body");
        assertEquals("pear", queued.item);
        assertEquals(2, queued.quantity);
        assertTrue(queued.id.matches("[0-9a-f-]{36}") && !"ignored".equals(queued.id), "a new id: " + queued.id);
        assertEquals(queued, response.getBody());
        assertEquals("/api/orders/ada/" + queued.id, response.getHeader("Location"));
    }

    @Test
    void placeOrderQueuesNothingForABadOrder() {
        OutputBinding<Order> queue = new QueueMessages<>();
        HttpResponseMessage response = functions.placeOrder(request(new Order(null, null, " ", 1)), "ada", queue,
                context);
        assertEquals(HttpStatus.BAD_REQUEST, response.getStatus());
        assertNull(queue.getValue());
    }

    @Test
    void fulfilledOrdersAreCountedUntilTheDailyReport() {
        functions.fulfilOrder(new Order("1", "ada", "apple", 1), context);
        functions.fulfilOrder(new Order("2", "bob", "pear", 5), context);
        assertEquals(2, OrderStats.FULFILLED.get());

        functions.dailyReport("{\"IsPastDue\":false}", context);
        assertEquals(0, OrderStats.FULFILLED.get());
    }

    /** An output binding that keeps what the function set. */
    static final class QueueMessages<T> implements OutputBinding<T> {
        private T value;

        @Override
        public T getValue() {
            return value;
        }

        @Override
        public void setValue(T value) {
            this.value = value;
        }
    }
}
