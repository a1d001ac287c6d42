package io.freshet.executor.connector;

/**
 * A record that cannot be decoded now but may be later, because something it depends on does not
 * answer (a schema registry that is down). It is not a bad record: the reader holds its partition
 * at that record and tries again, so nothing is skipped while the dependency is away.
 */
public final class RetryLaterException extends Exception {
    public RetryLaterException(String message) {
        super(message, null, false, false);
    }
}
