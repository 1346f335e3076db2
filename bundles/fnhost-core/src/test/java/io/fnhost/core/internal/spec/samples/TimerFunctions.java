package io.fnhost.core.internal.spec.samples;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Timer samples. */
public class TimerFunctions {

    @FunctionName("TimerEveryFiveMinutes")
    public void everyFiveMinutes(
            @TimerTrigger(name = "timerInfo", schedule = "0 */5 * * * *") String timerInfo,
            ExecutionContext context) {
    }

    /** TimeSpan schedule from an app setting and a retry policy with the default strategy attribute. */
    @FunctionName("timer_hourly-retry")
    @FixedDelayRetry(maxRetryCount = 2, delayInterval = "00:01:00")
    public static void hourly(@TimerTrigger(name = "tick", schedule = "%HourlySchedule%") String tick) {
    }
}
