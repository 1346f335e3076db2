package io.fnhost.spi;

/**
 * A provider refuses a function's binding. The message is shown to users as the function's error
 * state, so it says what is wrong and how to fix it.
 */
public class BindingException extends Exception {
    private static final long serialVersionUID = 1L;

    public BindingException(String message) {
        super(message);
    }

    public BindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
