package io.fnhost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's keys as one document, so that a cluster can give every node the same keys: the management
 * node {@linkplain #exportKeys exports} its keys after every change, the workers
 * {@linkplain #importKeys import} them. Registered by the core next to {@link FunctionKeys}.
 * <p>
 * The document holds secrets: keep it off logs and out of anything but the cluster's own state.
 *
 * @since 1.4
 */
@ProviderType
public interface KeyReplication {
    /**
     * This node's function, host and system keys and its stored master key, as a JSON document that
     * {@link #importKeys} of another node accepts. A master key preset on this node
     * ({@code FNHOST_MASTER_KEY} or configuration) is not in it: every node has its own preset.
     */
    String exportKeys();

    /**
     * Makes this node's keys those of {@code document} (from {@link #exportKeys} of another node): host,
     * system and function keys are replaced, functions the document does not list lose their keys, and
     * the stored master key is replaced unless this node's master key is preset. Written through to the
     * node's key files; does not notify {@link #onChange} listeners. Importing the keys the node already
     * has changes nothing.
     *
     * @throws IllegalArgumentException when {@code document} is not such a document (the keys are unchanged)
     */
    void importKeys(String document);

    /**
     * Calls {@code listener} after each change of this node's keys through {@link FunctionKeys} (on the
     * thread that made it; keep it short).
     *
     * @return closing it removes the listener
     */
    AutoCloseable onChange(Runnable listener);
}
