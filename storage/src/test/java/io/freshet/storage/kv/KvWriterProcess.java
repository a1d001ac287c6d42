package io.freshet.storage.kv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link RocksDbStoreTest}'s crash test: opens a store, writes batches
 * {@code 0 .. acknowledged-1}, prints {@code written <acknowledged>}, then keeps writing further
 * batches (so that the kill lands in the middle of a write) until it is killed, or blocks once it
 * has written ten times as many. It never closes the store.
 *
 * <p>Batch {@code b} puts {@link #KEYS_PER_BATCH} keys {@code batch-<b>/key-<i>}; the test checks
 * that each batch came back whole or not at all.
 */
final class KvWriterProcess {
    static final int KEYS_PER_BATCH = 40;
    static final String STORE_NAME = "killed";
    private static final int VALUE_BYTES = 300;

    private KvWriterProcess() {}

    public static void main(String[] arguments) throws InterruptedException {
        Path directory = Path.of(arguments[0]);
        int acknowledged = Integer.parseInt(arguments[1]);
        KvStore store = RocksDbStore.open(directory, STORE_NAME);
        int limit = acknowledged * 10;
        for (int batch = 0; batch < limit; batch++) {
            store.write(batch(batch), batch % 10 == 9);
            if (batch + 1 == acknowledged) {
                System.out.println("written " + acknowledged);
                System.out.flush();
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    static WriteBatch batch(int batch) {
        WriteBatch writes = new WriteBatch();
        for (int index = 0; index < KEYS_PER_BATCH; index++) {
            writes.put(key(batch, index), value(batch, index));
        }
        return writes;
    }

    static byte[] key(int batch, int index) {
        return String.format("batch-%07d/key-%03d", batch, index).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int batch, int index) {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) ('a' + (batch + index) % 26));
        byte[] label = (batch + "/" + index + "/").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, value, 0, label.length);
        return value;
    }

    /** The batch number in a key written by {@link #key}. */
    static int batchOf(byte[] key) {
        String text = new String(key, StandardCharsets.US_ASCII);
        return Integer.parseInt(text.substring("batch-".length(), text.indexOf('/')));
    }
}
