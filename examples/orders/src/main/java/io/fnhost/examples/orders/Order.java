package io.fnhost.examples.orders;

/**
 * An order as JSON carries it ({@code {"item":"apple","quantity":3}}). Public fields, converted with Gson's
 * rules (field names as written), as the Azure Java worker converts POJOs.
 */
public class Order {
    /** Set by {@link OrderFunctions#placeOrder}; absent in the request. */
    public String id;
    /** Taken from the route ({@code orders/{customer}}), not from the body. */
    public String customer;
    public String item;
    public int quantity;

    public Order() {
    }

    public Order(String id, String customer, String item, int quantity) {
        this.id = id;
        this.customer = customer;
        this.item = item;
        this.quantity = quantity;
    }

    /** What is wrong with this order as a request, or {@code null} when it is fine. */
    String problem() {
        if (item == null || item.isBlank()) {
            return "an order needs an item, e.g. {\"item\":\"apple\",\"quantity\":3}";
        }
        if (quantity < 1 || quantity > 1000) {
            return "quantity must be between 1 and 1000, was " + quantity;
        }
        return null;
    }
}
