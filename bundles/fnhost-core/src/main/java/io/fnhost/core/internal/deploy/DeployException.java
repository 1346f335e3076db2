package io.fnhost.core.internal.deploy;

/** An artifact was refused; the message says what is wrong and how to fix it. Nothing was changed. */
public class DeployException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
