package io.fnhost.cluster.internal.keys;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.fnhost.spi.KeyReplication;
import io.fnhost.spi.NodeIdentity;

/**
 * The same keys on every node: a node with the management role publishes its keys
 * ({@link KeyReplication#exportKeys}) into the map {@value #MAP} when its cluster member is up and after
 * every change made through its admin API; a worker-only node imports what is there when its member is
 * up and every update, so a key created on the management node is accepted by the workers within
 * moments. The management node's key files stay the truth (several management nodes: the last one to
 * start or change a key wins).
 * <p>
 * Replication runs while the cluster member ({@link HazelcastInstance} service) is registered: the
 * reference is dynamic, so the component itself needs only the node's identity and keys. Map operations
 * run on this component's own thread: an admin call never waits for the network, and a Hazelcast event
 * thread never writes key files. The document holds secrets and is never logged.
 */
@Component(immediate = true)
public final class KeysReplicator {
    /** The map holding the keys document (an {@code IMap<String, String>}). */
    public static final String MAP = "fnhost.keys";
    /** The one entry of {@link #MAP}. */
    public static final String ENTRY = "keys";
    private static final Logger LOG = LoggerFactory.getLogger(KeysReplicator.class);

    private final boolean publishes;
    private final KeyReplication keys;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fnhost-keys-replicator");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable changeListener;
    // Guarded by this.
    private Session session;

    /**
     * @param node this node: management publishes, a worker-only node imports
     * @param keys this node's keys
     */
    @Activate
    public KeysReplicator(@Reference NodeIdentity node, @Reference KeyReplication keys) {
        this.publishes = node.manages();
        this.keys = keys;
        this.changeListener = publishes ? keys.onChange(this::publishSoon) : null;
    }

    /** The member is up: start replicating through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindHazelcast(HazelcastInstance hazelcast) {
        if (session != null) {
            session.close();
        }
        session = new Session(hazelcast);
    }

    /** The member goes: stop before it does. */
    synchronized void unbindHazelcast(HazelcastInstance hazelcast) {
        if (session != null && session.member == hazelcast) {
            session.close();
            session = null;
        }
    }

    @Deactivate
    void stop() {
        if (changeListener != null) {
            try {
                changeListener.close();
            } catch (Exception e) {
                LOG.debug("Removing the key change listener failed: {}", e.toString());
            }
        }
        synchronized (this) {
            if (session != null) {
                session.close();
                session = null;
            }
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishSoon() {
        run(() -> {
            IMap<String, String> map = currentMap();
            if (map != null) {
                map.set(ENTRY, keys.exportKeys());
                LOG.debug("Published this node's keys to the cluster");
            }
        });
    }

    private synchronized IMap<String, String> currentMap() {
        return session == null ? null : session.map;
    }

    private void importKeys(Session from, String document) {
        if (document == null) {
            LOG.info("The cluster has no keys yet: this node keeps its own until the management node publishes them");
            return;
        }
        if (document.equals(from.lastImported)) {
            return; // the same document read at start and delivered as the entry's event: write the files once
        }
        try {
            keys.importKeys(document);
            from.lastImported = document;
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot take over the cluster's keys: {}", e.getMessage());
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // e.g. the member left the cluster while stopping; never the document in the message
                    LOG.warn("Replicating keys failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // deactivated: nothing more to replicate
        }
    }

    /** Replication through one member: publishing at once, or importing now and on every update. */
    private final class Session implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
        final HazelcastInstance member;
        final IMap<String, String> map;
        private final UUID entryListener;
        // Only touched on the replicator's thread.
        String lastImported;

        Session(HazelcastInstance member) {
            this.member = member;
            this.map = member.getMap(MAP);
            if (publishes) {
                entryListener = null;
                publishSoon();
            } else {
                entryListener = map.addEntryListener(this, ENTRY, true);
                run(() -> importKeys(this, map.get(ENTRY)));
            }
        }

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            String document = event.getValue();
            run(() -> importKeys(this, document));
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            String document = event.getValue();
            run(() -> importKeys(this, document));
        }

        void close() {
            if (entryListener != null) {
                try {
                    map.removeEntryListener(entryListener);
                } catch (RuntimeException memberGone) {
                    // the member is shutting down: its listeners go with it
                }
            }
        }
    }
}
