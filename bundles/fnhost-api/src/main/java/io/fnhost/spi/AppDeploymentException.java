package io.fnhost.spi;

import java.util.List;

/**
 * {@link FunctionAppDeployments} refused an artifact; nothing was changed. The message says what was
 * wrong and how to fix it, for a person; {@link #reason()} and the lists are for the caller to choose
 * a status.
 */
public class AppDeploymentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an artifact was refused. */
    public enum Reason {
        /** Not a function app bundle (not a jar, no {@code Fnhost-FunctionApp}, no symbolic name). */
        INVALID_ARTIFACT,
        /** The bundle does not resolve: {@link #missingPackages()} names the imports nobody exports. */
        UNRESOLVED,
        /** The bundle started but some functions are in {@link FunctionState#ERROR}, or it has none. */
        FUNCTION_ERRORS,
        /** The same symbolic name and version already runs with other content: versions must differ. */
        DUPLICATE_VERSION,
        /** An app of that name is already deployed from another source ({@link #conflictingSource()}). */
        CONFLICT
    }

    private final Reason reason;
    private final List<String> missingPackages;
    private final List<FunctionDTO> failedFunctions;
    private final String conflictingSource;

    public AppDeploymentException(Reason reason, String message, List<String> missingPackages,
            List<FunctionDTO> failedFunctions, String conflictingSource, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.missingPackages = missingPackages == null ? List.of() : List.copyOf(missingPackages);
        this.failedFunctions = failedFunctions == null ? List.of() : List.copyOf(failedFunctions);
        this.conflictingSource = conflictingSource;
    }

    public AppDeploymentException(Reason reason, String message) {
        this(reason, message, null, null, null, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Packages the bundle imports that nothing exports ({@link Reason#UNRESOLVED}), else empty. */
    public List<String> missingPackages() {
        return missingPackages;
    }

    /** The functions in error ({@link Reason#FUNCTION_ERRORS}), else empty. */
    public List<FunctionDTO> failedFunctions() {
        return failedFunctions;
    }

    /** The source already deploying an app of that name ({@link Reason#CONFLICT}), else {@code null}. */
    public String conflictingSource() {
        return conflictingSource;
    }
}
