package io.fnhost.itests.greeter;

/**
 * Loaded only when a slow call finishes: if the app version were stopped and its class loader released
 * under a request in flight, loading this class would fail and the request with it.
 */
final class SlowAnswer {
    private final String text;

    SlowAnswer(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
