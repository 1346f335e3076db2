package io.fnhost.maven;

/**
 * A publish that did not succeed, with a message that says what went wrong and what to do. The
 * message never contains the master key.
 */
public class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The HTTP status the node answered with, or 0 when no answer came. */
    private final int status;

    PublishException(int status, String message) {
        super(message);
        this.status = status;
    }

    PublishException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status the node answered with, or 0 when the node could not be reached. */
    public int status() {
        return status;
    }
}
