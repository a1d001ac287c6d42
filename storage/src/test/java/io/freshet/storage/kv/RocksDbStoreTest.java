package io.freshet.storage.kv;

import static io.freshet.storage.kv.TestBytes.drain;
import static io.freshet.storage.kv.TestBytes.utf8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class RocksDbStoreTest extends KvStoreContractTest<RocksDbStore> {
    /** A directory on a small filesystem (a few MiB, e.g. a tmpfs) enables the disk-full test. */
    private static final String SMALL_FILESYSTEM_PROPERTY = "freshet.test.smallFilesystem";
    private static final int ACKNOWLEDGED_BATCHES = 300;

    @TempDir
    Path directory;

    @Override
    protected RocksDbStore openStore(String name) {
        return RocksDbStore.open(directory.resolve(name), name);
    }

    @Override
    protected int openIteratorCount(RocksDbStore store) {
        return store.openIteratorCount();
    }

    @Override
    protected int openSnapshotCount(RocksDbStore store) {
        return store.openSnapshotCount();
    }

    @Test
    void openCreatesMissingDirectories() {
        Path nested = directory.resolve("a").resolve("b").resolve("c");
        try (RocksDbStore store = RocksDbStore.open(nested, "nested")) {
            assertEquals(nested, store.directory());
            assertTrue(Files.isDirectory(nested));
        }
    }

    @Test
    void reopenedStoreReturnsEverythingWrittenBeforeClose() {
        Path path = directory.resolve("durable");
        try (RocksDbStore store = RocksDbStore.open(path, "durable")) {
            store.write(new WriteBatch().put(utf8("a"), utf8("1")).put(utf8("b"), utf8("2")).put(utf8("c"), utf8("3")), false);
            store.write(new WriteBatch().delete(utf8("b")).put(utf8("d"), utf8("4")), true);
            store.write(new WriteBatch().put(utf8("e"), utf8("5")).deleteRange(utf8("c"), utf8("d")), false);
        }
        try (RocksDbStore store = RocksDbStore.open(path, "durable")) {
            assertEquals(List.of("a=1", "d=4", "e=5"), drain(store.scan(null, null)));
            store.write(new WriteBatch().put(utf8("f"), utf8("6")), false);
        }
        try (RocksDbStore store = RocksDbStore.open(path, "durable")) {
            assertEquals(List.of("a=1", "d=4", "e=5", "f=6"), drain(store.scan(null, null)));
        }
    }

    @Test
    @Timeout(120)
    void everyAcknowledgedBatchSurvivesAKilledProcess() throws Exception {
        Path path = directory.resolve("killed");
        Process child = startWriterProcess(path);
        try {
            awaitAcknowledgement(child);
            // Meanwhile the child keeps writing, so the kill most likely lands inside a write.
            Thread.sleep(ThreadLocalRandom.current().nextInt(10, 60));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            assertTrue(child.waitFor(30, SECONDS), "the writer process did not die");
        } finally {
            child.destroyForcibly();
        }

        TreeMap<Integer, Integer> keysPerBatch = new TreeMap<>();
        try (RocksDbStore store = RocksDbStore.open(path, KvWriterProcess.STORE_NAME);
                KvIterator entries = store.scan(null, null)) {
            while (entries.next()) {
                byte[] key = entries.key();
                int batch = KvWriterProcess.batchOf(key);
                int index = keysPerBatch.merge(batch, 1, Integer::sum) - 1;
                assertArrayEquals(KvWriterProcess.key(batch, index), key);
                assertArrayEquals(KvWriterProcess.value(batch, index), entries.value());
            }
        }
        assertTrue(keysPerBatch.size() >= ACKNOWLEDGED_BATCHES,
                "only " + keysPerBatch.size() + " of " + ACKNOWLEDGED_BATCHES + " acknowledged batches survived");
        assertEquals(0, keysPerBatch.firstKey());
        assertEquals(keysPerBatch.size() - 1, keysPerBatch.lastKey(), "batches survived with gaps");
        keysPerBatch.forEach((batch, keys) -> assertEquals(KvWriterProcess.KEYS_PER_BATCH, keys,
                "batch " + batch + " survived in part"));
    }

    @Test
    void openFailureNamesTheStore() {
        Path path = directory.resolve("locked");
        try (RocksDbStore first = RocksDbStore.open(path, "first")) {
            StoreException failure = assertThrows(StoreException.class, () -> RocksDbStore.open(path, "second"));
            assertEquals("second", failure.storeName());
            assertTrue(failure.getMessage().startsWith("store 'second': cannot open the database in " + path + ": "),
                    failure.getMessage());
            assertInstanceOf(RocksDBException.class, failure.getCause());
            first.write(new WriteBatch().put(utf8("a"), utf8("1")), false);
            assertArrayEquals(utf8("1"), first.get(utf8("a")));
        }
    }

    @Test
    void directoryThatCannotBeCreatedNamesTheStore() throws IOException {
        Path file = Files.writeString(directory.resolve("plain-file"), "not a directory");
        StoreException failure = assertThrows(StoreException.class, () -> RocksDbStore.open(file.resolve("db"), "blocked"));
        assertTrue(failure.getMessage().startsWith("store 'blocked': cannot create directory "), failure.getMessage());
    }

    @Test
    void noSpaceFailuresBecomeDiskFull() {
        Path path = Path.of("/data/state");
        RocksDBException noSpace = new RocksDBException("While appending to file: 000004.log: No space left on device",
                new Status(Status.Code.IOError, Status.SubCode.NoSpace, "While appending to file"));
        RuntimeException translated = RocksDbStore.translate("state", path, "cannot write a batch of 3 operations", noSpace);
        FreshetException diskFull = assertInstanceOf(FreshetException.class, translated);
        assertEquals(SqlState.DISK_FULL, diskFull.state());
        assertTrue(diskFull.getMessage().startsWith("store 'state': cannot write a batch of 3 operations: "
                + "the disk holding /data/state is full"), diskFull.getMessage());
        assertEquals(noSpace, diskFull.getCause());

        RocksDBException messageOnly = new RocksDBException("IO error: No space left on device");
        assertEquals(SqlState.DISK_FULL, assertInstanceOf(FreshetException.class,
                RocksDbStore.translate("state", path, "cannot write", messageOnly)).state());
    }

    @Test
    void otherFailuresBecomeStoreExceptions() {
        RocksDBException corruption = new RocksDBException("block checksum mismatch",
                new Status(Status.Code.Corruption, Status.SubCode.None, "block checksum mismatch"));
        StoreException failure = assertInstanceOf(StoreException.class,
                RocksDbStore.translate("state", Path.of("/data/state"), "cannot read key 0x01", corruption));
        assertEquals("store 'state': cannot read key 0x01: block checksum mismatch", failure.getMessage());
        assertEquals(corruption, failure.getCause());
    }

    /**
     * Fills a small filesystem for real. Runs only when {@value #SMALL_FILESYSTEM_PROPERTY} names a
     * directory on one, for instance after {@code mount -t tmpfs -o size=8m tmpfs /mnt/small}:
     * {@code mvn -pl storage test -Dfreshet.test.smallFilesystem=/mnt/small}.
     */
    @Test
    @EnabledIfSystemProperty(named = SMALL_FILESYSTEM_PROPERTY, matches = ".+")
    void fullDiskFailsWritesWithDiskFullAndKeepsReadsWorking() throws IOException {
        Path root = Path.of(System.getProperty(SMALL_FILESYSTEM_PROPERTY)).resolve("kv-disk-full-" + UUID.randomUUID());
        Path path = root.resolve("store");
        Path ballast = root.resolve("ballast");
        byte[] value = new byte[64 << 10];
        try {
            Files.createDirectories(root);
            Files.write(ballast, new byte[1 << 20]);
            int written = 0;
            FreshetException diskFull = null;
            try (RocksDbStore store = RocksDbStore.open(path, "full")) {
                while (diskFull == null && written < 100_000) {
                    try {
                        store.write(new WriteBatch().put(utf8("k" + written), value), false);
                        written++;
                    } catch (FreshetException e) {
                        diskFull = e;
                    }
                }
                assertNotNull(diskFull, "the filesystem under " + root + " never filled up");
                assertEquals(SqlState.DISK_FULL, diskFull.state());
                assertTrue(diskFull.getMessage().startsWith("store 'full': cannot write a batch of 1 operations: "),
                        diskFull.getMessage());

                assertArrayEquals(value, store.get(utf8("k0")));
                assertNull(store.get(utf8("k" + written)));
                assertEquals(written, drain(store.scan(null, null)).size());
                try (KvSnapshot snapshot = store.snapshot()) {
                    assertArrayEquals(value, snapshot.get(utf8("k" + (written - 1))));
                }
                FreshetException again = assertThrows(FreshetException.class,
                        () -> store.write(new WriteBatch().put(utf8("small"), utf8("1")), false));
                assertEquals(SqlState.DISK_FULL, again.state());
            }

            Files.delete(ballast);
            try (RocksDbStore store = RocksDbStore.open(path, "full")) {
                assertEquals(written, drain(store.scan(null, null)).size());
                store.write(new WriteBatch().delete(utf8("k0")).put(utf8("small"), utf8("1")), true);
                assertArrayEquals(utf8("1"), store.get(utf8("small")));
            }
        } finally {
            deleteRecursively(root);
        }
    }

    private static Process startWriterProcess(Path path) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KvWriterProcess.class.getName());
        command.add(path.toString());
        command.add(String.valueOf(ACKNOWLEDGED_BATCHES));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's output until it reports its acknowledged batches written. */
    private static void awaitAcknowledgement(Process child) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals("written " + ACKNOWLEDGED_BATCHES)) {
                return;
            }
            seen.append(line).append('\n');
        }
        fail("the writer process ended before acknowledging its batches; its output:\n" + seen);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
