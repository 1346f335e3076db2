package io.fnhost.cluster.internal.plan;

/** Lets tests of other packages stop a {@link PlannerService} (its deactivation is package-private). */
public final class PlannerServiceAccess {
    private PlannerServiceAccess() {
    }

    public static void close(PlannerService planner) {
        planner.close();
    }
}
