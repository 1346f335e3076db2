package io.fnhost.queue.internal;

/**
 * A delivered message that fnhost cannot read as an Azure queue message: a body that is not the text it
 * claims to be, or one of fnhost's properties holding something else than a number. Such a message counts
 * as a failed delivery (see {@link QueueListener}); the exception's message says what is wrong with it, in
 * words that complete "the message ...".
 */
final class UnreadableMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableMessageException(String whatIsWrong, Throwable cause) {
        super(whatIsWrong, cause);
    }
}
