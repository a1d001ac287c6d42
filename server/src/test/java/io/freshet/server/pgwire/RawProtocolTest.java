package io.freshet.server.pgwire;

import static io.freshet.server.pgwire.RawPgClient.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.pgwire.RawPgClient.Body;
import io.freshet.server.pgwire.RawPgClient.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol at the byte level: broken input, startup variants and extended-query corner cases. */
class RawProtocolTest {
    private static final int[] NO_FORMATS = {};
    private static final int[] BINARY = {1};

    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    // ---------------------------------------------------------------- broken input

    @Test
    void garbageBeforeStartupIsAProtocolViolation() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.sendRaw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid length of startup packet");
        }
        assertServerStillServes();
    }

    @Test
    void tooShortLengthIsAProtocolViolation() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.sendRaw(new Body().int8('Q').int32(2).bytes());
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid message length 2");
        }
        assertServerStillServes();
    }

    @Test
    void negativeLengthIsAProtocolViolation() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.sendRaw(new Body().int8('Q').int32(-5).bytes());
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid message length -5");
        }
    }

    @Test
    void lengthOverOneGibibyteIsRejectedBeforeTheBodyArrives() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.sendRaw(new Body().int8('Q').int32((1 << 30) + 1).bytes());
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid message length 1073741825");
        }
    }

    @Test
    void oversizedControlMessageIsAProtocolViolation() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.sendRaw(new Body().int8('S').int32(100_000).bytes());
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid message length");
        }
    }

    @Test
    void unknownMessageTypeIsAProtocolViolation() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.send('!', new byte[0]);
            assertFatalProtocolViolation(client.readUntilClosed(), "invalid frontend message type 33");
        }
        assertServerStillServes();
    }

    @Test
    void truncatedBodyIsAProtocolViolation() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.send('B', new Body().string("").string("").int16(3).bytes());
            assertFatalProtocolViolation(client.readUntilClosed(), "insufficient data left in message");
        }
    }

    @Test
    void messagesBeforeTheBrokenOneAreAnsweredFirst() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            byte[] query = new Body().int8('Q').int32(4 + 9).string("SELECT 1").bytes();
            byte[] broken = new Body().int8('?').int32(4).bytes();
            byte[] both = Arrays.copyOf(query, query.length + broken.length);
            System.arraycopy(broken, 0, both, query.length, broken.length);
            client.sendRaw(both);
            List<Message> messages = client.readUntilClosed();
            assertEquals("TDCZE", types(messages));
            assertEquals("08P01", messages.get(4).field('C'));
        }
    }

    private static void assertFatalProtocolViolation(List<Message> messages, String messageStart) {
        assertEquals("E", types(messages), "one ErrorResponse, then the server closes");
        Message error = messages.get(0);
        assertEquals("FATAL", error.field('S'));
        assertEquals("FATAL", error.field('V'));
        assertEquals("08P01", error.field('C'));
        assertTrue(error.field('M').startsWith(messageStart), error.field('M'));
    }

    private static void assertServerStillServes() throws Exception {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            JdbcTest.assertOne(statement);
        }
    }

    // ---------------------------------------------------------------- startup

    @Test
    void declinesEncryptionThenStartsUp() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.sendUntyped(new Body().int32(PgFrameDecoder.GSS_ENCRYPTION_REQUEST_CODE).bytes());
            assertEquals('N', client.readByte());
            client.sendUntyped(new Body().int32(PgFrameDecoder.SSL_REQUEST_CODE).bytes());
            assertEquals('N', client.readByte());
            client.startup(3, 0, Map.of("user", "freshet", "database", "dev", "application_name", "raw"));
            List<Message> messages = client.readUntilReady();
            assertEquals('R', messages.get(0).type());
            assertEquals(0, messages.get(0).buffer().getInt());
            assertTrue(messages.stream().anyMatch(m -> m.type() == 'S' && m.text().equals("application_name\0raw")),
                    "the client's application_name is reported");
            Message key = messages.get(messages.size() - 2);
            assertEquals('K', key.type());
            assertEquals(8, key.body().length);
            assertEquals('I', (char) messages.get(messages.size() - 1).body()[0]);
        }
    }

    @Test
    void negotiatesANewerMinorVersionAndProtocolOptions() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.startup(3, 2, Map.of("user", "freshet", "database", "dev", "_pq_.compression", "on"));
            List<Message> messages = client.readUntilReady();
            Message negotiate = messages.get(0);
            assertEquals('v', negotiate.type());
            ByteBuffer body = negotiate.buffer();
            assertEquals(3 << 16, body.getInt(), "newest supported: 3.0");
            assertEquals(1, body.getInt());
            assertEquals("_pq_.compression\0", new String(body.array(), 8, body.remaining(), StandardCharsets.UTF_8));
            assertEquals('R', messages.get(1).type());
        }
    }

    @Test
    void rejectsUnsupportedProtocolVersion() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.startup(2, 0, Map.of());
            List<Message> messages = client.readUntilClosed();
            assertEquals("E", types(messages));
            assertEquals("0A000", messages.get(0).field('C'));
        }
    }

    @Test
    void rejectsStartupWithoutUserOrWithUnknownDatabase() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.startup(3, 0, Map.of("database", "dev"));
            List<Message> messages = client.readUntilClosed();
            assertEquals("28000", messages.get(0).field('C'));
        }
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.startup(3, 0, Map.of("user", "freshet", "database", "nope"));
            List<Message> messages = client.readUntilClosed();
            assertEquals("E", types(messages));
            assertEquals("3D000", messages.get(0).field('C'));
            assertEquals("FATAL", messages.get(0).field('S'));
        }
    }

    @Test
    void ignoresCancelRequestsWithAWrongKey() throws Exception {
        try (RawPgClient client = new RawPgClient(server.port())) {
            client.sendUntyped(new Body().int32(PgFrameDecoder.CANCEL_REQUEST_CODE).int32(1).int32(42).bytes());
            assertEquals("", types(client.readUntilClosed()));
        }
    }

    @Test
    void terminateClosesTheConnection() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.terminate();
            assertEquals("", types(client.readUntilClosed()));
        }
    }

    // ---------------------------------------------------------------- simple query

    @Test
    void simpleQueryRunsStatementsUntilTheFirstError() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.query("SELECT 1; SELECT FROM t; SELECT 2");
            List<Message> messages = client.readUntilReady();
            // The test engine prepares all statements first, so the syntax error stops them all.
            assertEquals("EZ", types(messages));
            assertEquals("42601", messages.get(0).field('C'));
            assertEquals("18", messages.get(0).field('P'), "position in the whole query string");

            client.query("SELECT 1; SELECT boom(); SELECT 2");
            messages = client.readUntilReady();
            assertEquals("TDCEZ", types(messages));
            assertEquals("SELECT 1", messages.get(2).text());
            assertEquals("XX000", messages.get(3).field('C'));
        }
    }

    @Test
    void emptyQueriesGetEmptyQueryResponse() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.query("");
            assertEquals("IZ", types(client.readUntilReady()));
            client.query(" ; -- ping\n/* nested /* comment */ */");
            assertEquals("IZ", types(client.readUntilReady()));
            client.parse("", "-- ping");
            client.bind("", "", NO_FORMATS, List.of());
            client.describe('P', "");
            client.execute("", 0);
            client.sync();
            assertEquals("12nIZ", types(client.readUntilReady()));
        }
    }

    @Test
    void reportsChangedParametersAfterSet() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.query("SET TimeZone TO 'Europe/Berlin'");
            List<Message> messages = client.readUntilReady();
            assertEquals("CSZ", types(messages));
            assertEquals("TimeZone\0Europe/Berlin", messages.get(1).text());
        }
    }

    // ---------------------------------------------------------------- extended query

    @Test
    void describesStatementsAndPortals() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("s1", "SELECT $1::numeric(10,2), $2", 0, 2950);
            client.describe('S', "s1");
            client.parse("s2", "SET application_name = 'x'");
            client.describe('S', "s2");
            client.bind("p1", "s1", BINARY, List.of(numeric(), uuid()), 0, 1);
            client.describe('P', "p1");
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("1tT1tn2TZ", types(messages));
            ByteBuffer parameters = messages.get(1).buffer();
            assertEquals(2, parameters.getShort());
            assertEquals(1700, parameters.getInt(), "inferred numeric");
            assertEquals(2950, parameters.getInt(), "declared uuid is reported as declared");
            assertRowDescription(messages.get(2), new int[] {1700, 1043}, new int[] {(10 << 16 | 2) + 4, -1}, new int[] {0, 0});
            assertRowDescription(messages.get(7), new int[] {1700, 1043}, new int[] {(10 << 16 | 2) + 4, -1}, new int[] {0, 1});
        }
    }

    private static byte[] numeric() {
        // 12.5 in binary: 2 digits, weight 0, positive, display scale 1: [12, 5000]
        return new Body().int16(2).int16(0).int16(0).int16(1).int16(12).int16(5000).bytes();
    }

    private static byte[] uuid() {
        return new Body().int64(0x7d4448409dc011d1L).int64(0xb2455ffdce74fad2L).bytes();
    }

    private static void assertRowDescription(Message message, int[] oids, int[] typeModifiers, int[] formats) {
        assertEquals('T', message.type());
        ByteBuffer body = message.buffer();
        assertEquals(oids.length, body.getShort());
        for (int i = 0; i < oids.length; i++) {
            while (body.get() != 0) {
                // skip the column name
            }
            assertEquals(0, body.getInt(), "table OID");
            assertEquals(0, body.getShort(), "column number");
            assertEquals(oids[i], body.getInt(), "type OID");
            body.getShort();
            assertEquals(typeModifiers[i], body.getInt(), "type modifier");
            assertEquals(formats[i], body.getShort(), "format");
        }
    }

    @Test
    void bindsAndReturnsBinaryValues() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("", "SELECT $1::numeric(10,2), $2::interval, $3::date, $4::timestamptz, $5", 0, 0, 0, 0, 2950);
            byte[] interval = new Body().int64(3_723_000_001L).int32(-4).int32(14).bytes();
            byte[] date = new Body().int32(-1).bytes();
            byte[] timestamp = new Body().int64(1_000_000L).bytes();
            client.bind("", "", BINARY, List.of(numeric(), interval, date, timestamp, uuid()), 1);
            client.execute("", 0);
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("12DCZ", types(messages));
            List<byte[]> values = messages.get(2).values();
            assertArrayEquals(new Body().int16(2).int16(0).int16(0).int16(2).int16(12).int16(5000).bytes(), values.get(0),
                    "numeric(10,2) rounds the display scale to 2");
            assertArrayEquals(interval, values.get(1));
            assertArrayEquals(date, values.get(2));
            assertArrayEquals(timestamp, values.get(3));
            assertEquals("7d444840-9dc0-11d1-b245-5ffdce74fad2", new String(values.get(4), StandardCharsets.UTF_8));
        }
    }

    @Test
    void rejectsBadBinaryParameters() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("", "SELECT $1::integer");
            client.bind("", "", BINARY, List.of(new byte[] {1, 2}));
            client.execute("", 0);
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("1EZ", types(messages));
            assertEquals("22P03", messages.get(1).field('C'));
            assertTrue(messages.get(1).field('M').contains("$1"), messages.get(1).field('M'));

            client.parse("", "SELECT $1::integer");
            client.bind("", "", new int[] {0}, List.of("12x".getBytes(StandardCharsets.UTF_8)));
            client.sync();
            messages = client.readUntilReady();
            assertEquals("1EZ", types(messages));
            assertEquals("22P02", messages.get(1).field('C'));
        }
    }

    @Test
    void resumesSuspendedPortals() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.query("BEGIN");
            assertEquals('T', (char) client.readUntilReady().get(1).body()[0]);
            client.parse("series", "SELECT * FROM generate_series(1, 5)");
            client.bind("cursor", "series", NO_FORMATS, List.of());
            client.execute("cursor", 2);
            client.execute("cursor", 2);
            client.sync();
            assertEquals("12DDsDDsZ", types(client.readUntilReady()));
            client.execute("cursor", 2);
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("DCZ", types(messages));
            assertEquals("5", new String(messages.get(0).values().get(0), StandardCharsets.UTF_8));
            assertEquals("SELECT 5", messages.get(1).text());
            client.query("COMMIT");
            client.readUntilReady();
            client.execute("cursor", 0);
            client.sync();
            List<Message> afterCommit = client.readUntilReady();
            assertEquals("EZ", types(afterCommit), "portals end with the transaction");
            assertEquals("34000", afterCommit.get(0).field('C'));
        }
    }

    @Test
    void skipsToSyncAfterAnError() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.bind("", "missing", NO_FORMATS, List.of());
            client.parse("", "SELECT 1");
            client.bind("", "", NO_FORMATS, List.of());
            client.execute("", 0);
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("EZ", types(messages));
            assertEquals("26000", messages.get(0).field('C'));
            assertEquals("prepared statement \"missing\" does not exist", messages.get(0).field('M'));

            client.execute("nope", 0);
            client.sync();
            messages = client.readUntilReady();
            assertEquals("34000", messages.get(0).field('C'));

            client.parse("", "SELECT FROM t");
            client.sync();
            messages = client.readUntilReady();
            assertEquals("EZ", types(messages));
            assertEquals("8", messages.get(0).field('P'));
            assertEquals("a SELECT needs a select list", messages.get(0).field('H'));
        }
    }

    @Test
    void checksBindCountsAndFormats() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("two", "SELECT $1::integer, $2::integer");
            client.bind("", "two", NO_FORMATS, List.of("1".getBytes(StandardCharsets.UTF_8)));
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("1EZ", types(messages));
            assertEquals("08P01", messages.get(1).field('C'));
            assertEquals("ERROR", messages.get(1).field('S'), "a bad Bind is an error, not the end of the connection");

            client.bind("", "two", NO_FORMATS, List.of(new byte[] {'1'}, new byte[] {'2'}), 0, 1, 0);
            client.sync();
            assertEquals("08P01", client.readUntilReady().get(0).field('C'));

            client.bind("", "two", new int[] {2}, List.of(new byte[] {'1'}, new byte[] {'2'}));
            client.sync();
            assertEquals("22023", client.readUntilReady().get(0).field('C'));

            client.bind("", "two", NO_FORMATS, Arrays.asList(null, new byte[] {'2'}), 1, 0);
            client.execute("", 0);
            client.sync();
            messages = client.readUntilReady();
            assertEquals("2DCZ", types(messages));
            assertNull(messages.get(1).values().get(0));
            assertEquals("2", new String(messages.get(1).values().get(1), StandardCharsets.UTF_8));
        }
    }

    @Test
    void managesNamedStatementsAndPortals() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("s", "SELECT 1");
            client.parse("s", "SELECT 2");
            client.sync();
            List<Message> messages = client.readUntilReady();
            assertEquals("1EZ", types(messages));
            assertEquals("42P05", messages.get(1).field('C'));

            client.close('S', "s");
            client.close('S', "never-existed");
            client.close('P', "never-existed");
            client.parse("s", "SELECT 2");
            client.bind("", "s", NO_FORMATS, List.of());
            client.execute("", 0);
            client.sync();
            messages = client.readUntilReady();
            assertEquals("33312DCZ", types(messages));
            assertEquals("2", new String(messages.get(5).values().get(0), StandardCharsets.UTF_8));
        }
    }

    @Test
    void flushSendsWithoutSync() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.parse("", "SELECT 1");
            client.bind("", "", NO_FORMATS, List.of());
            client.execute("", 0);
            client.flush();
            assertEquals('1', client.read().type());
            assertEquals('2', client.read().type());
            assertEquals('D', client.read().type());
            assertEquals('C', client.read().type());
            client.sync();
            assertEquals("Z", types(client.readUntilReady()));
        }
    }

    @Test
    void largeResultsStreamThroughBackpressure() throws Exception {
        try (RawPgClient client = RawPgClient.connected(server.port())) {
            client.query("SELECT * FROM generate_series(1, 200000)");
            List<Message> messages = client.readUntilReady();
            assertEquals(200_003, messages.size());
            assertEquals("SELECT 200000", messages.get(200_001).text());
        }
    }
}
