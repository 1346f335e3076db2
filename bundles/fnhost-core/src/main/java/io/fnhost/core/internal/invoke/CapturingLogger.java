package io.fnhost.core.internal.invoke;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@code ExecutionContext.getLogger()} of one invocation: keeps the lines for the invocation record
 * and forwards each record to the function's category logger ({@code Function.<name>}), which Pax
 * Logging bridges from java.util.logging. Not registered with the LogManager, so creating one per
 * invocation costs no global lock and leaves nothing behind.
 */
final class CapturingLogger extends Logger {
    private final Invocation invocation;
    private final Logger category;

    CapturingLogger(Invocation invocation, Logger category) {
        super(category.getName(), null);
        this.invocation = invocation;
        this.category = category;
        setUseParentHandlers(false);
        setLevel(Level.ALL);
    }

    @Override
    public boolean isLoggable(Level level) {
        return category.isLoggable(level);
    }

    @Override
    public void log(LogRecord record) {
        if (!category.isLoggable(record.getLevel())) {
            return;
        }
        invocation.addLogLine(record.getLevel().getName() + " " + formatMessage(record));
        record.setLoggerName(category.getName());
        category.log(record);
    }

    private static String formatMessage(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message == null || parameters == null || parameters.length == 0 || !message.contains("{")) {
            return String.valueOf(message);
        }
        try {
            return java.text.MessageFormat.format(message, parameters);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }
}
