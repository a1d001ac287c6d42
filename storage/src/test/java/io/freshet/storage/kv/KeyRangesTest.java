package io.freshet.storage.kv;

import static io.freshet.storage.kv.TestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {
    @Test
    void prefixEndIncrementsTheLastByteBelowFf() {
        assertArrayEquals(bytes(0x02), KeyRanges.prefixEnd(bytes(0x01)));
        assertArrayEquals(bytes(0x01), KeyRanges.prefixEnd(bytes(0x00)));
        assertArrayEquals(bytes(0x80), KeyRanges.prefixEnd(bytes(0x7F)));
        assertArrayEquals(bytes(0xFF), KeyRanges.prefixEnd(bytes(0xFE)));
        assertArrayEquals(bytes(0x01, 0x00, 0x01), KeyRanges.prefixEnd(bytes(0x01, 0x00, 0x00)));
    }

    @Test
    void prefixEndDropsTrailingFfBytes() {
        assertArrayEquals(bytes(0x02), KeyRanges.prefixEnd(bytes(0x01, 0xFF)));
        assertArrayEquals(bytes(0x01, 0x03), KeyRanges.prefixEnd(bytes(0x01, 0x02, 0xFF, 0xFF)));
    }

    @Test
    void prefixEndIsUnboundedForEmptyAndAllFfPrefixes() {
        assertNull(KeyRanges.prefixEnd(bytes()));
        assertNull(KeyRanges.prefixEnd(bytes(0xFF)));
        assertNull(KeyRanges.prefixEnd(bytes(0xFF, 0xFF, 0xFF)));
    }

    @Test
    void prefixEndLeavesItsArgumentAlone() {
        byte[] prefix = bytes(0x01, 0xFF);
        KeyRanges.prefixEnd(prefix);
        assertArrayEquals(bytes(0x01, 0xFF), prefix);
        assertThrows(NullPointerException.class, () -> KeyRanges.prefixEnd(null));
    }

    @Test
    void prefixEndIsGreaterThanEveryKeyWithThePrefix() {
        byte[] prefix = bytes(0x10, 0xFF);
        byte[] end = KeyRanges.prefixEnd(prefix);
        for (byte[] key : List.of(prefix, bytes(0x10, 0xFF, 0x00), bytes(0x10, 0xFF, 0xFF, 0xFF))) {
            assertTrue(KeyRanges.compare(key, end) < 0, TestBytes.describe(key));
        }
        assertTrue(KeyRanges.compare(bytes(0x11), end) >= 0);
    }

    @Test
    void compareIsUnsignedLexicographic() {
        List<byte[]> ascending = List.of(
                bytes(),
                bytes(0x00),
                bytes(0x00, 0x00),
                bytes(0x00, 0xFF),
                bytes(0x01),
                bytes(0x7F),
                bytes(0x80),
                bytes(0xFE, 0xFF),
                bytes(0xFF),
                bytes(0xFF, 0x00),
                bytes(0xFF, 0xFF));
        for (int i = 0; i < ascending.size(); i++) {
            for (int j = 0; j < ascending.size(); j++) {
                int comparison = Integer.signum(KeyRanges.compare(ascending.get(i), ascending.get(j)));
                assertEquals(Integer.compare(i, j), comparison,
                        TestBytes.describe(ascending.get(i)) + " vs " + TestBytes.describe(ascending.get(j)));
            }
        }
    }
}
