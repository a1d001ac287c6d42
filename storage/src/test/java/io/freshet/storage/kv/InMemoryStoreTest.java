package io.freshet.storage.kv;

class InMemoryStoreTest extends KvStoreContractTest<InMemoryStore> {
    @Override
    protected InMemoryStore openStore(String name) {
        return new InMemoryStore(name);
    }

    @Override
    protected int openIteratorCount(InMemoryStore store) {
        return store.openIteratorCount();
    }

    @Override
    protected int openSnapshotCount(InMemoryStore store) {
        return store.openSnapshotCount();
    }
}
