package io.fnhost.spi;

import java.time.Instant;

import org.osgi.dto.DTO;

/**
 * A timer function's schedule status, as Azure's schedule monitor records it: the occurrence that last
 * ran, the next expected occurrence and when the record was last written. {@code null} fields mean
 * "never" (Azure writes {@code DateTime.MinValue}).
 *
 * @since 1.3
 */
public class ScheduleStatusDTO extends DTO {
    /** The scheduled instant of the last occurrence that ran, or {@code null} before the first run. */
    public Instant last;
    /** The next occurrence expected by the schedule in force when the record was written. */
    public Instant next;
    /** When {@link #next} was last computed. */
    public Instant lastUpdated;
}
