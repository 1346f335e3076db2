package io.fnhost.spi;

/** What a presented key grants, as Azure's host classifies keys. Ordered from least to most powerful. */
public enum KeyScope {
    /** No key, or a key that matches nothing. */
    NONE,
    /** One of the called function's own keys. */
    FUNCTION,
    /** A host function key ("host key"): valid for every function. */
    HOST,
    /** A system key (extension webhooks). Not accepted by {@code function} or {@code admin} levels. */
    SYSTEM,
    /** The master key ({@code _master}): every level and the admin API. */
    MASTER;

    /**
     * Whether this scope satisfies Azure authorization level {@code level} ({@code ANONYMOUS},
     * {@code FUNCTION} or {@code ADMIN}, any case): anonymous needs nothing; function needs a function,
     * host or master key; admin needs the master key. Unknown levels are treated as admin.
     */
    public boolean satisfies(String level) {
        if ("anonymous".equalsIgnoreCase(level)) {
            return true;
        }
        if ("function".equalsIgnoreCase(level)) {
            return this == FUNCTION || this == HOST || this == MASTER;
        }
        return this == MASTER;
    }
}
