package io.fnhost.core.internal.invoke;

public class SampleOrder {
    public String id;
    public int quantity;
}
