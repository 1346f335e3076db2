package io.fnhost.management.internal.admin;

/**
 * A request the admin API refuses, with the status and the JSON error body
 * {@code {"error": <short>, "detail": <what was wrong and what to do>}}. Resources throw it; the
 * router writes it. Never carries a key value.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    ApiProblem(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    static ApiProblem badRequest(String error, String detail) {
        return new ApiProblem(400, error, detail);
    }

    static ApiProblem notFound(String error, String detail) {
        return new ApiProblem(404, error, detail);
    }

    static ApiProblem conflict(String error, String detail) {
        return new ApiProblem(409, error, detail);
    }

    static ApiProblem unknownFunction(String name) {
        return notFound("function not found", "No deployed function is named '" + name
                + "'. GET /admin/functions lists the deployed functions.");
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return getMessage();
    }
}
