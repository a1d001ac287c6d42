package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

/**
 * A failure of a store's underlying storage (an I/O error, corruption, a lock held by another
 * process). The message starts with {@code store '<name>': } and says what failed.
 */
public final class StoreException extends RuntimeException {
    private final String storeName;

    public StoreException(String storeName, String message, Throwable cause) {
        super("store '" + requireNonNull(storeName, "storeName is null") + "': " + message, cause);
        this.storeName = storeName;
    }

    public String storeName() {
        return storeName;
    }
}
