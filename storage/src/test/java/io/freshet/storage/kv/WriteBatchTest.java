package io.freshet.storage.kv;

import static io.freshet.storage.kv.TestBytes.bytes;
import static io.freshet.storage.kv.TestBytes.describe;
import static io.freshet.storage.kv.TestBytes.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
    @Test
    void newBatchIsEmpty() {
        WriteBatch batch = new WriteBatch();
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.operationCount());
        assertEquals(0, batch.approximateBytes());
        assertEquals(List.of(), operations(batch));
    }

    @Test
    void visitorSeesOperationsInTheOrderAdded() {
        WriteBatch batch = new WriteBatch()
                .put(utf8("a"), utf8("1"))
                .delete(utf8("b"))
                .deleteRange(utf8("c"), utf8("d"))
                .put(utf8("a"), utf8("2"));
        assertEquals(List.of("put a=1", "delete b", "deleteRange c..d", "put a=2"), operations(batch));
        assertEquals(4, batch.operationCount());
        assertFalse(batch.isEmpty());
    }

    @Test
    void approximateBytesCountsKeysAndValues() {
        WriteBatch batch = new WriteBatch().put(new byte[100], new byte[1000]);
        long afterPut = batch.approximateBytes();
        assertTrue(afterPut >= 1100, "got " + afterPut);
        batch.delete(new byte[50]);
        assertTrue(batch.approximateBytes() >= afterPut + 50);
        batch.deleteRange(new byte[10], new byte[20]);
        assertTrue(batch.approximateBytes() >= afterPut + 80);
    }

    @Test
    void clearEmptiesTheBatchForReuse() {
        WriteBatch batch = new WriteBatch().put(utf8("a"), utf8("1")).delete(utf8("b"));
        batch.clear();
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.approximateBytes());
        assertEquals(List.of(), operations(batch));
        batch.put(utf8("c"), utf8("3"));
        assertEquals(List.of("put c=3"), operations(batch));
    }

    @Test
    void growsPastItsInitialCapacity() {
        WriteBatch batch = new WriteBatch();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.put(utf8("k" + i), utf8("v" + i));
            expected.add("put k" + i + "=v" + i);
        }
        assertEquals(expected, operations(batch));
    }

    @Test
    void copiesKeysAndValuesOnTheWayIn() {
        byte[] key = utf8("a");
        byte[] value = utf8("1");
        WriteBatch batch = new WriteBatch().put(key, value);
        key[0] = 'z';
        value[0] = '9';
        assertEquals(List.of("put a=1"), operations(batch));
    }

    @Test
    void rejectedOperationLeavesTheBatchUnchanged() {
        WriteBatch batch = new WriteBatch().put(utf8("a"), utf8("1"));
        long bytesBefore = batch.approximateBytes();
        assertThrows(NullPointerException.class, () -> batch.put(null, utf8("1")));
        assertThrows(NullPointerException.class, () -> batch.put(utf8("a"), null));
        assertThrows(NullPointerException.class, () -> batch.delete(null));
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
                () -> batch.deleteRange(bytes(0xFF), bytes(0x01)));
        assertEquals("deleteRange bounds are reversed: from 0xff sorts after to 0x01", reversed.getMessage());
        assertEquals(List.of("put a=1"), operations(batch));
        assertEquals(bytesBefore, batch.approximateBytes());
    }

    @Test
    void deleteRangeAcceptsEqualBounds() {
        WriteBatch batch = new WriteBatch().deleteRange(utf8("a"), utf8("a"));
        assertEquals(List.of("deleteRange a..a"), operations(batch));
    }

    @Test
    void deleteRangeTakesNullBoundsAsUnbounded() {
        WriteBatch batch = new WriteBatch()
                .deleteRange(null, utf8("b"))
                .deleteRange(utf8("a"), null)
                .deleteRange(null, null)
                .deleteRange(null, bytes());
        assertEquals(List.of("deleteRange 0x..b", "deleteRange a..null", "deleteRange 0x..null", "deleteRange 0x..0x"),
                operations(batch));
    }

    private static List<String> operations(WriteBatch batch) {
        List<String> operations = new ArrayList<>();
        batch.accept(new WriteBatch.Visitor<RuntimeException>() {
            @Override
            public void put(byte[] key, byte[] value) {
                operations.add("put " + describe(key) + "=" + describe(value));
            }

            @Override
            public void delete(byte[] key) {
                operations.add("delete " + describe(key));
            }

            @Override
            public void deleteRange(byte[] fromInclusive, byte[] toExclusive) {
                operations.add("deleteRange " + describe(fromInclusive) + ".." + describe(toExclusive));
            }
        });
        return operations;
    }
}
