package io.freshet.storage.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The iterators or snapshots a store handed out that are still open, so that closing the store can
 * close what its users left open. Thread-safe; elements are compared by identity.
 */
final class OpenResources<T> {
    private final Set<T> open = ConcurrentHashMap.newKeySet();

    void add(T resource) {
        open.add(resource);
    }

    void remove(T resource) {
        open.remove(resource);
    }

    int size() {
        return open.size();
    }

    /** Removes every resource and hands each to {@code closer}; closes all even if one fails. */
    void closeAll(Consumer<? super T> closer) {
        List<T> leftovers = new ArrayList<>(open);
        open.clear();
        RuntimeException failure = null;
        for (T resource : leftovers) {
            try {
                closer.accept(resource);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
