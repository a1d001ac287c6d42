package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.pgwire.RawPgClient.Body;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame decoder on an embedded channel: startup special case, fragmentation, limits. */
class PgFrameDecoderTest {
    private static byte[] startup() {
        return untyped(new Body().int32(3 << 16).string("user").string("u").string("database").string("d").int8(0).bytes());
    }

    private static byte[] untyped(byte[] body) {
        return new Body().int32(body.length + 4).raw(body).bytes();
    }

    private static byte[] typed(char type, byte[] body) {
        return new Body().int8(type).int32(body.length + 4).raw(body).bytes();
    }

    private static List<FrontendMessage> decodeByteByByte(byte[]... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder());
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
        List<FrontendMessage> messages = new ArrayList<>();
        FrontendMessage message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
        }
        channel.finishAndReleaseAll();
        return messages;
    }

    @Test
    void decodesStartupAndThenTypedMessagesFromFragments() {
        byte[] bind = typed('B', new Body().string("p").string("s").int16(1).int16(1).int16(2).int32(-1).int32(2).raw(new byte[] {7, 8})
                .int16(0).bytes());
        List<FrontendMessage> messages = decodeByteByByte(untyped(new Body().int32(PgFrameDecoder.SSL_REQUEST_CODE).bytes()),
                startup(), typed('Q', new Body().string("SELECT 1").bytes()), bind, typed('S', new byte[0]));
        assertEquals(5, messages.size(), messages.toString());
        assertInstanceOf(FrontendMessage.SslRequest.class, messages.get(0));
        FrontendMessage.Startup startup = (FrontendMessage.Startup) messages.get(1);
        assertEquals(Map.of("user", "u", "database", "d"), startup.parameters());
        assertEquals(new FrontendMessage.Query("SELECT 1"), messages.get(2));
        FrontendMessage.Bind decoded = (FrontendMessage.Bind) messages.get(3);
        assertEquals("p", decoded.portalName());
        assertEquals("s", decoded.statementName());
        assertArrayEquals(new int[] {1}, decoded.parameterFormats());
        assertNull(decoded.parameterValues().get(0));
        assertArrayEquals(new byte[] {7, 8}, decoded.parameterValues().get(1));
        assertArrayEquals(new int[0], decoded.resultFormats());
        assertInstanceOf(FrontendMessage.Sync.class, messages.get(4));
    }

    @Test
    void reportsOneMalformedMessageAndDiscardsTheRest() {
        List<FrontendMessage> messages = decodeByteByByte(startup(), typed('S', new byte[0]), typed('S', new byte[] {1}),
                typed('Q', new Body().string("SELECT 1").bytes()));
        assertEquals(3, messages.size(), messages.toString());
        assertInstanceOf(FrontendMessage.Sync.class, messages.get(1));
        FrontendMessage.Malformed malformed = (FrontendMessage.Malformed) messages.get(2);
        assertTrue(malformed.reason().contains("left over"), malformed.reason());
    }

    @Test
    void rejectsStartupPacketsWithBadLayout() {
        byte[] unterminated = untyped(new Body().int32(3 << 16).string("user").string("u").bytes());
        FrontendMessage message = decodeByteByByte(unterminated).get(0);
        assertInstanceOf(FrontendMessage.Malformed.class, message);
        byte[] badCancel = untyped(new Body().int32(PgFrameDecoder.CANCEL_REQUEST_CODE).int32(1).bytes());
        assertInstanceOf(FrontendMessage.Malformed.class, decodeByteByByte(badCancel).get(0));
        assertInstanceOf(FrontendMessage.Malformed.class, decodeByteByByte(new Body().int32(10_001).bytes()).get(0));
    }

    @Test
    void rejectsUnknownDescribeKinds() {
        List<FrontendMessage> messages = decodeByteByByte(startup(), typed('D', new Body().int8('X').string("").bytes()));
        assertInstanceOf(FrontendMessage.Malformed.class, messages.get(1));
    }
}
