package io.fnhost.examples.orders;

/** The price of an order, answered as JSON. */
public class Quote {
    public String customer;
    public String item;
    public int quantity;
    public String currency;
    /** In cents, to keep the arithmetic exact. */
    public long unitPriceCents;
    public long totalCents;

    /** Prices {@code order}: a fixed unit price per item name length, as good as any for a sample. */
    static Quote of(String customer, Order order, String currency) {
        Quote quote = new Quote();
        quote.customer = customer;
        quote.item = order.item;
        quote.quantity = order.quantity;
        quote.currency = currency;
        quote.unitPriceCents = 100L + 10L * order.item.length();
        quote.totalCents = quote.unitPriceCents * order.quantity;
        return quote;
    }
}
