package io.fnhost.queue.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fnhost.spi.BindingException;
import io.fnhost.spi.FunctionDescriptor;
import io.fnhost.spi.QueueAdmin;

/** Azure Storage's queue naming rule and {@code %Setting%} resolution of a binding's {@code queueName}. */
final class QueueNames {
    /** The rule in words, for error messages. */
    static final String RULE = "3 to 63 characters: lowercase letters, digits and hyphens, starting and ending with a "
            + "letter or digit, no two hyphens in a row";
    private static final Pattern VALID = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");
    private static final Pattern SETTING = Pattern.compile("%([^%]+)%");

    private QueueNames() {
    }

    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** {@code name} when it follows the rule; otherwise an {@link IllegalArgumentException} saying why. */
    static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid queue name: use " + RULE + ".");
        }
        return name;
    }

    /** The poison queue of {@code queue}. */
    static String poisonOf(String queue) {
        return queue + QueueAdmin.POISON_SUFFIX;
    }

    /**
     * The queue name of a binding: {@code %Setting%} references resolved from the app's settings, then the
     * naming rule checked.
     */
    static String resolve(FunctionDescriptor function, String bindingName, String queueName) throws BindingException {
        if (queueName == null || queueName.isBlank()) {
            throw new BindingException("Function '" + function.name() + "': binding '" + bindingName
                    + "' has no queueName; name the queue to use (" + RULE + ").");
        }
        Matcher m = SETTING.matcher(queueName);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = function.appSetting(m.group(1));
            if (value == null) {
                throw new BindingException("Function '" + function.name() + "': queueName '" + queueName
                        + "' of binding '" + bindingName + "' refers to app setting '" + m.group(1)
                        + "', which the app does not have; add the setting or name the queue directly.");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        String name = resolved.toString();
        if (!isValid(name)) {
            throw new BindingException("Function '" + function.name() + "': queue name '" + name + "' of binding '"
                    + bindingName + "' is invalid: use " + RULE + ", as Azure Storage queues do.");
        }
        return name;
    }
}
