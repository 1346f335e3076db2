package io.fnhost.itests.timers;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Timer functions as Azure's Java samples write them. Each logs the payload it received, so the tests
 * read it back from the invocation records ({@code GET /admin/invocations}).
 */
public class Timers {

    /** Azure's TimerInfo JSON bound to a POJO by Gson: property names as the host writes them. */
    public static class TimerInfo {
        public ScheduleStatus ScheduleStatus;
        public boolean IsPastDue;
    }

    public static class ScheduleStatus {
        public String Last;
        public String Next;
        public String LastUpdated;
    }

    /** Every two seconds: more often than once a minute, so without schedule monitor (ScheduleStatus null). */
    @FunctionName("everyTwoSeconds")
    public void everyTwoSeconds(@TimerTrigger(name = "timerInfo", schedule = "*/2 * * * * *") String timerInfo,
            ExecutionContext context) {
        context.getLogger().info("payload " + timerInfo);
    }

    /** At second 0 of every minute, monitored: a minute missed while the node was down runs once, past due. */
    @FunctionName("everyMinute")
    public void everyMinute(@TimerTrigger(name = "timerInfo", schedule = "0 * * * * *") TimerInfo timerInfo,
            ExecutionContext context) {
        context.getLogger().info("pastDue=" + timerInfo.IsPastDue + " next=" + timerInfo.ScheduleStatus.Next);
    }

    /** Once a year (never during a test): runs only when an operator invokes it. */
    @FunctionName("yearly")
    public void yearly(@TimerTrigger(name = "timerInfo", schedule = "0 0 0 1 1 *") String timerInfo,
            ExecutionContext context) {
        context.getLogger().info("payload " + timerInfo);
    }
}
