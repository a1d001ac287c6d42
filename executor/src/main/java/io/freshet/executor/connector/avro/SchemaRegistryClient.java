package io.freshet.executor.connector.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches writer schemas by id from a Confluent-compatible schema registry:
 * {@code GET <url>/schemas/ids/<id>} answers {@code {"schema": "<schema JSON as a string>"}}
 * (and, for schemas that are not Avro, a {@code schemaType}). Blocking, with short timeouts; the
 * caller caches. Not thread-safe.
 */
public final class SchemaRegistryClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    /** Made at the first fetch (it owns a thread), so a decoder only checked at CREATE makes none. */
    private HttpClient http;

    /**
     * Why a schema could not be fetched; {@code retryable} when asking again later may succeed,
     * {@code unavailable} when the registry did not answer the question at all (unreachable, a
     * timeout, HTTP 5xx, 408 or 429).
     */
    public static final class RegistryException extends Exception {
        private final boolean retryable;
        private boolean unavailable;

        RegistryException(String message, boolean retryable, boolean unavailable) {
            this(message, retryable);
            this.unavailable = unavailable;
        }

        RegistryException(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }

        public boolean unavailable() {
            return unavailable;
        }
    }

    public SchemaRegistryClient(String url) {
        this.base = checkUrl(url).toString().replaceAll("/+$", "");
    }

    /**
     * The registry URL as a URI; IllegalArgumentException naming the problem unless it is an
     * absolute http or https URL with a host.
     */
    public static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + url + "' may not have a query or fragment");
        }
        return uri;
    }

    public String url() {
        return base;
    }

    /** The JSON text of the writer schema with {@code id}. */
    public String fetch(int id) throws RegistryException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + Integer.toUnsignedString(id)))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
                .GET().build();
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException("could not reach the schema registry at " + base + ": " + e, true, true);
        }
        int status = response.statusCode();
        if (status == 404) {
            throw new RegistryException("schema id " + Integer.toUnsignedString(id) + " not found in the schema registry at "
                    + base, true);
        }
        if (status != 200) {
            throw new RegistryException("the schema registry at " + base + " answered HTTP " + status + " for schema id "
                    + Integer.toUnsignedString(id), true, status >= 500 || status == 408 || status == 429);
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException("the schema registry at " + base + " answered malformed JSON for schema id "
                    + Integer.toUnsignedString(id), true);
        }
        JsonNode schemaType = body == null ? null : body.get("schemaType");
        if (schemaType != null && schemaType.isTextual() && !schemaType.textValue().equalsIgnoreCase("AVRO")) {
            throw new RegistryException("schema id " + Integer.toUnsignedString(id) + " is a " + schemaType.textValue()
                    + " schema, not Avro", false);
        }
        JsonNode schema = body == null ? null : body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryException("the schema registry at " + base + " answered no \"schema\" string for schema id "
                    + Integer.toUnsignedString(id), true);
        }
        return schema.textValue();
    }
}
