package io.fnhost.management.internal.apps;

/**
 * A publish, rollback or delete that fnhost refuses, with the HTTP status and the admin API's
 * {@code {"error", "detail"}}: the detail says what was wrong and what to do. Nothing was changed.
 */
public final class AppRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public AppRefusal(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    static AppRefusal badUpload(String error, String detail) {
        return new AppRefusal(400, error, detail);
    }
}
