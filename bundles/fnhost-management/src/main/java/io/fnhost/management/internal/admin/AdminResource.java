package io.fnhost.management.internal.admin;

/**
 * One group of admin API endpoints (host, functions, keys, invocations...). A resource only declares
 * its routes and turns requests into calls of fnhost's services; the {@link AdminRouter} does
 * matching, authorization, the running-host gate and error responses for all of them.
 */
interface AdminResource {
    /** Adds this resource's endpoints. */
    void addRoutes(AdminRouter.Builder routes);
}
