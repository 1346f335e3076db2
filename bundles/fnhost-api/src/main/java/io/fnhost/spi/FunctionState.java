package io.fnhost.spi;

/** Lifecycle state of one function. */
public enum FunctionState {
    /** All its providers are present and its trigger listens. */
    RUNNING,
    /** A trigger or binding provider it needs is missing; it starts by itself when it appears. */
    WAITING,
    /** Its spec is invalid or its trigger refused it; {@link FunctionDTO#stateMessage} says why. */
    ERROR
}
