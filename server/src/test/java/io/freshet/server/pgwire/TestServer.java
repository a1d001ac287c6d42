package io.freshet.server.pgwire;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A {@link PgServer} over a fresh {@link TestEngine} on an ephemeral port, with pgjdbc helpers. */
final class TestServer implements AutoCloseable {
    final TestEngine engine = new TestEngine();
    final PgServer server;

    private TestServer(PgServer.Options options) throws IOException {
        server = new PgServer(engine, "127.0.0.1", 0, options);
        server.start();
    }

    static TestServer start() throws IOException {
        return new TestServer(PgServer.Options.defaults());
    }

    static TestServer start(PgServer.Options options) throws IOException {
        return new TestServer(options);
    }

    int port() {
        return server.port();
    }

    /** A pgjdbc URL for database {@code dev} as user {@code freshet}, plus {@code properties} ("name=value"). */
    String url(String... properties) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://127.0.0.1:").append(port())
                .append("/").append(TestEngine.DATABASE).append("?user=freshet&connectTimeout=5&socketTimeout=30");
        for (String property : properties) {
            url.append('&').append(property);
        }
        return url.toString();
    }

    Connection connect(String... properties) throws SQLException {
        return DriverManager.getConnection(url(properties));
    }

    @Override
    public void close() {
        server.close();
    }
}
