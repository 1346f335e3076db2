package io.fnhost.core.internal.spec;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;

import io.fnhost.spi.BindingDTO;
import io.fnhost.spi.FunctionDTO;
import io.fnhost.spi.RetryDTO;

/**
 * Writes {@code function.json} text exactly as azure-functions-maven-plugin does: Jackson's default
 * pretty printer with {@code \n} line feeds and two-space indentation, {@code " : "} between key and
 * value, arrays on one line ({@code [ "GET", "POST" ]}, {@code [ ]}), no trailing line feed; properties
 * {@code scriptFile}, {@code entryPoint}, {@code bindings} (each {@code type}, {@code direction},
 * {@code name}, then its attributes in order), and {@code retry} when present. Empty or missing
 * top-level properties are left out, as the plugin's {@code NON_EMPTY} inclusion does.
 */
public final class FunctionJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FunctionJson() {
    }

    /**
     * @param fn         the function; its {@code entryPoint}, {@code bindings} and {@code retry} are written
     * @param scriptFile the {@code scriptFile} value, e.g. {@code ../my-app-1.0.jar}
     * @return the {@code function.json} text
     */
    public static String write(FunctionDTO fn, String scriptFile) {
        Writer out = new Writer();
        out.beginObject();
        if (scriptFile != null && !scriptFile.isEmpty()) {
            out.field("scriptFile").string(scriptFile);
        }
        if (fn.entryPoint != null && !fn.entryPoint.isEmpty()) {
            out.field("entryPoint").string(fn.entryPoint);
        }
        List<BindingDTO> bindings = fn.bindings;
        if (bindings != null && !bindings.isEmpty()) {
            out.field("bindings").beginArray();
            for (BindingDTO binding : bindings) {
                out.arrayElement();
                writeBinding(out, binding);
            }
            out.endArray();
        }
        if (fn.retry != null) {
            out.field("retry");
            writeRetry(out, fn.retry);
        }
        out.endObject();
        return out.toString();
    }

    private static void writeBinding(Writer out, BindingDTO binding) {
        // The plugin's BindingSerializer writes these three first, nulls included.
        out.beginObject();
        out.field("type").string(binding.type);
        out.field("direction").string(binding.direction);
        out.field("name").string(binding.name);
        if (binding.attributes != null) {
            for (Map.Entry<String, Object> attribute : binding.attributes.entrySet()) {
                if (!"name".equals(attribute.getKey())) {
                    out.field(attribute.getKey()).value(attribute.getValue());
                }
            }
        }
        out.endObject();
    }

    private static void writeRetry(Writer out, RetryDTO retry) {
        // Field order of the plugin's Retry class; null intervals are left out (NON_NULL).
        out.beginObject();
        if (retry.strategy != null) {
            out.field("strategy").string(retry.strategy);
        }
        out.field("maxRetryCount").value(retry.maxRetryCount);
        if (retry.delayInterval != null) {
            out.field("delayInterval").string(retry.delayInterval);
        }
        if (retry.minimumInterval != null) {
            out.field("minimumInterval").string(retry.minimumInterval);
        }
        if (retry.maximumInterval != null) {
            out.field("maximumInterval").string(retry.maximumInterval);
        }
        out.endObject();
    }

    /** The subset of Jackson's DefaultPrettyPrinter behaviour that function.json needs. */
    private static final class Writer {
        private final StringBuilder text = new StringBuilder();
        /** Object nesting depth: arrays are written inline and do not indent. */
        private int depth;
        /** Entries written so far in each open object or array, innermost last. */
        private final int[] counts = new int[64];
        private int open;

        Writer beginObject() {
            text.append('{');
            depth++;
            counts[++open] = 0;
            return this;
        }

        void endObject() {
            depth--;
            if (counts[open--] > 0) {
                newline(depth);
            } else {
                text.append(' ');
            }
            text.append('}');
        }

        Writer beginArray() {
            text.append('[');
            counts[++open] = 0;
            return this;
        }

        void endArray() {
            // Jackson's inline array indenter writes one space before ']' whether or not there were elements.
            open--;
            text.append(" ]");
        }

        /** Separator before an array element. */
        void arrayElement() {
            text.append(counts[open]++ > 0 ? ", " : " ");
        }

        Writer field(String name) {
            if (counts[open]++ > 0) {
                text.append(',');
            }
            newline(depth);
            quote(name);
            text.append(" : ");
            return this;
        }

        void string(String value) {
            if (value == null) {
                text.append("null");
            } else {
                quote(value);
            }
        }

        void value(Object value) {
            if (value == null) {
                text.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                text.append(value);
            } else if (value.getClass().isArray()) {
                beginArray();
                for (int i = 0, n = Array.getLength(value); i < n; i++) {
                    arrayElement();
                    value(Array.get(value, i));
                }
                endArray();
            } else if (value instanceof Enum<?>) {
                quote(((Enum<?>) value).name());
            } else {
                quote(String.valueOf(value));
            }
        }

        private void newline(int level) {
            text.append('\n');
            for (int i = 0; i < level; i++) {
                text.append("  ");
            }
        }

        /** Jackson's escaping: quote, backslash and control characters; everything else as is. */
        private void quote(String value) {
            text.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    case '\b' -> text.append("\\b");
                    case '\f' -> text.append("\\f");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                        } else {
                            text.append(c);
                        }
                    }
                }
            }
            text.append('"');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
