package io.fnhost.examples.orders;

import java.util.Optional;
import java.util.UUID;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * A small order service written against Microsoft's annotations only, so the same source runs on fnhost
 * and in Azure:
 * <ul>
 * <li>{@code POST /api/quote/{customer}} prices a JSON order (app setting {@code Currency}, read with
 * {@code System.getenv} as Azure code reads app settings);</li>
 * <li>{@code POST /api/orders/{customer}} accepts a JSON order and puts it on the queue {@code orders};</li>
 * <li>{@code fulfilOrder} takes each order off that queue;</li>
 * <li>{@code dailyReport} logs the timer's payload and how many orders were fulfilled, every day at 06:00 UTC.</li>
 * </ul>
 * The queue bindings name the connection {@code AzureWebJobsStorage}: on fnhost that is the node's
 * embedded broker unless the app's settings say otherwise.
 */
public class OrderFunctions {
    /** App setting with the currency of quotes; EUR when unset. */
    static final String CURRENCY_SETTING = "Currency";
    static final String QUEUE = "orders";

    @FunctionName("quote")
    public HttpResponseMessage quote(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "quote/{customer:alpha}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<Order>> request,
            @BindingName("customer") String customer,
            ExecutionContext context) {
        Order order = request.getBody().orElse(null);
        String problem = problemWith(order);
        if (problem != null) {
            return badRequest(request, problem);
        }
        String currency = System.getenv(CURRENCY_SETTING);
        Quote quote = Quote.of(customer, order, currency == null || currency.isBlank() ? "EUR" : currency);
        context.getLogger().info("Quoted " + quote.totalCents + " " + quote.currency + " to " + customer);
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
                .body(quote).build();
    }

    /** What is wrong with a posted order, or {@code null} when it can be quoted or placed. */
    private static String problemWith(Order order) {
        return order == null ? "send the order as JSON, e.g. {\"item\":\"apple\",\"quantity\":3}" : order.problem();
    }

    @FunctionName("placeOrder")
    public HttpResponseMessage placeOrder(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "orders/{customer:alpha}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<Order>> request,
            @BindingName("customer") String customer,
            @QueueOutput(name = "order", queueName = QUEUE, connection = "AzureWebJobsStorage") OutputBinding<Order> queue,
            ExecutionContext context) {
        Order order = request.getBody().orElse(null);
        String problem = problemWith(order);
        if (problem != null) {
            return badRequest(request, problem);
        }
        Order accepted = new Order(UUID.randomUUID().toString(), customer, order.item, order.quantity);
        queue.setValue(accepted);
        context.getLogger().info("Order " + accepted.id + " of " + customer + " queued");
        return request.createResponseBuilder(HttpStatus.ACCEPTED).header("Content-Type", "application/json")
                .header("Location", "/api/orders/" + customer + "/" + accepted.id).body(accepted).build();
    }

    @FunctionName("fulfilOrder")
    public void fulfilOrder(
            @QueueTrigger(name = "order", queueName = QUEUE, connection = "AzureWebJobsStorage") Order order,
            ExecutionContext context) {
        long fulfilled = OrderStats.FULFILLED.incrementAndGet();
        context.getLogger().info("Fulfilled order " + order.id + ": " + order.quantity + " x " + order.item + " for "
                + order.customer + " (" + fulfilled + " since the last report)");
    }

    @FunctionName("dailyReport")
    public void dailyReport(
            @TimerTrigger(name = "timer", schedule = "0 0 6 * * *") String timerInfo,
            ExecutionContext context) {
        // the timer's JSON payload (Schedule, ScheduleStatus, IsPastDue), logged as Azure's timer template does
        context.getLogger().info("Timer is triggered: " + timerInfo);
        long fulfilled = OrderStats.FULFILLED.getAndSet(0);
        context.getLogger().info("Daily report: " + fulfilled + " order(s) fulfilled since the last report");
    }

    private static HttpResponseMessage badRequest(HttpRequestMessage<?> request, String problem) {
        return request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "text/plain; charset=utf-8")
                .body(problem).build();
    }
}
