package io.fnhost.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where timer functions that use the schedule monitor ({@code useMonitor}) keep their
 * {@link ScheduleStatusDTO}, so that an occurrence missed while no node ran the function is run once,
 * past due, when one does again. The timer trigger uses the highest-ranked service
 * ({@code service.ranking}, then lowest {@code service.id}); fnhost-timer registers a store in the
 * node's data folder with ranking 0, and a cluster extension registers a shared one with a higher
 * ranking.
 * <p>
 * Implementations are thread-safe. A status is written after every run of a function; a write replaces
 * the function's record atomically (a reader sees the old or the new record, never a torn one).
 *
 * @since 1.3
 */
@ConsumerType
public interface ScheduleStatusStore {
    /**
     * The recorded status of {@code function} of {@code app}, or {@code null} when there is none (a
     * function that never ran, or a record that cannot be read: the timer then starts afresh).
     */
    ScheduleStatusDTO read(String app, String function);

    /**
     * Replaces the recorded status of {@code function} of {@code app}.
     *
     * @throws java.io.UncheckedIOException when the status cannot be stored; the timer logs it and
     *         keeps running on its in-memory status
     */
    void write(String app, String function, ScheduleStatusDTO status);
}
