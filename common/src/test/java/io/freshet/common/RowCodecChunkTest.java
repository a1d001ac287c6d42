package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunk path of {@link RowCodec} writes exactly the bytes of the value path. */
class RowCodecChunkTest {
    @Test
    void chunkEncodingEqualsValueEncoding() {
        RandomValues random = RandomValues.create();
        List<DataType> types = new ArrayList<>(RandomValues.TYPES);
        RowCodec codec = new RowCodec(types);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(random.row(types));
        }
        Chunk chunk = Chunk.ofRows(types, rows);
        for (int i = 0; i < rows.size(); i++) {
            ByteWriter out = new ByteWriter();
            codec.encode(out, chunk, i);
            assertArrayEquals(codec.encode(rows.get(i)), out.toByteArray(), "row " + i + ", " + random.describeSeed());
        }
    }
}
