package io.fnhost.core.internal.invoke;

import java.text.MessageFormat;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@code ExecutionContext.getLogger()} of one invocation: a java.util.logging logger, as Azure's API
 * defines it, whose records go straight to the function's SLF4J category {@code Function.<name>} (Pax
 * Logging in Karaf) and, when that category is enabled for their level, into the invocation record.
 * Going to SLF4J directly, not through JUL's handler chain, keeps a line cheap and lets an operator's
 * {@code log:set WARN Function.<name>} silence the function. Not registered with the LogManager, so
 * creating one per invocation takes no global lock and leaves nothing behind.
 */
final class CapturingLogger extends Logger {
    private final Invocation invocation;
    private final org.slf4j.Logger category;

    CapturingLogger(Invocation invocation, org.slf4j.Logger category) {
        super(category.getName(), null);
        this.invocation = invocation;
        this.category = category;
        setUseParentHandlers(false);
        setLevel(Level.ALL);
    }

    @Override
    public boolean isLoggable(Level level) {
        int value = level.intValue();
        if (value == Level.OFF.intValue()) {
            return false;
        } else if (value >= Level.SEVERE.intValue()) {
            return category.isErrorEnabled();
        } else if (value >= Level.WARNING.intValue()) {
            return category.isWarnEnabled();
        } else if (value >= Level.INFO.intValue()) {
            return category.isInfoEnabled();
        } else if (value >= Level.FINE.intValue()) {
            return category.isDebugEnabled();
        }
        return category.isTraceEnabled();
    }

    @Override
    public void log(LogRecord record) {
        Level level = record.getLevel();
        if (!isLoggable(level)) {
            return;
        }
        String message = format(record);
        invocation.addLogLine(level.getName() + " " + message);
        Throwable thrown = record.getThrown();
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            category.error(message, thrown);
        } else if (value >= Level.WARNING.intValue()) {
            category.warn(message, thrown);
        } else if (value >= Level.INFO.intValue()) {
            category.info(message, thrown);
        } else if (value >= Level.FINE.intValue()) {
            category.debug(message, thrown);
        } else {
            category.trace(message, thrown);
        }
    }

    private static String format(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message == null || parameters == null || parameters.length == 0 || !message.contains("{")) {
            return String.valueOf(message);
        }
        try {
            return MessageFormat.format(message, parameters);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }
}
