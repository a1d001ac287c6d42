package io.freshet.server.session;

import java.util.Map;

/**
 * The database as the protocol layer sees it: a factory of sessions. Implementations are
 * thread-safe; each {@link Session} is used by one connection at a time.
 */
public interface Engine {
    /**
     * Opens a session for a client that sent these startup parameters ({@code user},
     * {@code database}, {@code application_name}, {@code client_encoding}, …).
     *
     * @throws io.freshet.common.FreshetException with 3D000 for an unknown database, 28000 for a
     *         rejected user
     */
    Session openSession(Map<String, String> startupParameters);

    /** The ParameterStatus values reported after startup (server_version, TimeZone, …). */
    Map<String, String> initialParameterStatus();
}
