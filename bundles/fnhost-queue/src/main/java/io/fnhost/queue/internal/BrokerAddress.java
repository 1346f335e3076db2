package io.fnhost.queue.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a connection setting points: the node's embedded broker, or an external Artemis broker given by
 * URL ({@code tcp://host:port}, or {@code (tcp://a:1,tcp://b:2)?ha=true} for several). {@code user} and
 * {@code password} query parameters become the session's credentials; {@link #display} never shows the
 * password.
 *
 * @param locatorUrl the URL for Artemis' server locator, without credentials ({@code null}: embedded)
 */
record BrokerAddress(String locatorUrl, String user, String password) {
    static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";
    static final BrokerAddress EMBEDDED = new BrokerAddress(null, null, null);

    boolean embedded() {
        return locatorUrl == null;
    }

    /** For logs and messages: the URL with the password masked. */
    String display() {
        if (embedded()) {
            return "the node's embedded broker";
        }
        return locatorUrl + (user == null ? "" : " (user " + user + (password == null ? "" : ", password ***") + ")");
    }

    /**
     * Parses the value of a connection setting.
     *
     * @throws IllegalArgumentException when it is neither empty, {@value #DEVELOPMENT_STORAGE} nor an
     *         Artemis URL; the message never contains the value (it may hold a storage account key)
     */
    static BrokerAddress parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase(DEVELOPMENT_STORAGE)) {
            return EMBEDDED;
        }
        String url = value.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("tcp://") && !lower.startsWith("(tcp://")) {
            throw new IllegalArgumentException("it is not an Artemis broker URL. Accepted: empty or "
                    + DEVELOPMENT_STORAGE + " (the node's embedded broker), or tcp://host:port, or "
                    + "(tcp://host1:port,tcp://host2:port)?options for an external Artemis broker; Azure Storage "
                    + "connection strings do not work here");
        }
        int q = url.indexOf('?', url.lastIndexOf(')') + 1);
        if (q < 0) {
            return new BrokerAddress(url, null, null);
        }
        String user = null;
        String password = null;
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String val = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (key.equalsIgnoreCase("user") || key.equalsIgnoreCase("username")) {
                user = val;
            } else if (key.equalsIgnoreCase("password")) {
                password = val;
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        String base = url.substring(0, q);
        return new BrokerAddress(kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password);
    }

    @Override
    public String toString() {
        return display();
    }
}
