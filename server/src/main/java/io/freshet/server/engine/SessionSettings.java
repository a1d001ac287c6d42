package io.freshet.server.engine;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.parser.SqlSetVariable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A session's run-time settings (SET / SHOW / RESET). Unknown names are kept, as Postgres keeps
 * custom settings; the ones Freshet acts on are {@code timezone} and {@code implicit_flush}.
 */
final class SessionSettings {
    /** Settings whose change a client is told about with ParameterStatus, by lower-case name → reported name. */
    private static final Map<String, String> REPORTED = Map.of(
            "application_name", "application_name", "timezone", "TimeZone", "datestyle", "DateStyle",
            "client_encoding", "client_encoding", "intervalstyle", "IntervalStyle");
    private static final Set<String> READ_ONLY = Set.of("server_version", "server_version_num", "server_encoding",
            "integer_datetimes", "is_superuser");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private ZoneId timeZone = ZoneId.of("UTC");

    SessionSettings(String user, String database, Map<String, String> startup) {
        defaults.put("application_name", startup.getOrDefault("application_name", ""));
        defaults.put("client_encoding", "UTF8");
        defaults.put("datestyle", "ISO, MDY");
        defaults.put("extra_float_digits", "1");
        defaults.put("implicit_flush", "off");
        defaults.put("intervalstyle", "postgres");
        defaults.put("is_superuser", "on");
        defaults.put("search_path", "\"$user\", public");
        defaults.put("server_encoding", "UTF8");
        defaults.put("server_version", Database.SERVER_VERSION);
        defaults.put("server_version_num", "150000");
        defaults.put("standard_conforming_strings", "on");
        defaults.put("integer_datetimes", "on");
        defaults.put("timezone", "UTC");
        defaults.put("transaction_isolation", "read committed");
        defaults.put("default_transaction_isolation", "read committed");
        defaults.put("transaction_read_only", "off");
        defaults.put("session_authorization", user);
        defaults.put("current_database", database);
        values.putAll(defaults);
        String zone = startup.get("TimeZone");
        if (zone != null) {
            timeZone = zone(zone);
            values.put("timezone", zone);
        }
    }

    ZoneId timeZone() {
        return timeZone;
    }

    boolean implicitFlush() {
        String v = values.get("implicit_flush").toLowerCase(Locale.ROOT);
        return v.equals("on") || v.equals("true") || v.equals("1");
    }

    String get(String name) {
        String key = normalize(name);
        if (key.equals("transaction isolation level")) {
            key = "transaction_isolation";
        }
        String value = values.get(key);
        if (value == null) {
            throw new FreshetException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        return value;
    }

    Map<String, String> all() {
        return new LinkedHashMap<>(values);
    }

    /** Applies a SET or RESET; returns the ParameterStatus changes to report. */
    Map<String, String> set(SqlSetVariable set) {
        Map<String, String> changed = new LinkedHashMap<>();
        switch (set.getSetKind()) {
            case SET_TRANSACTION:
            case SET_SESSION_CHARACTERISTICS:
                return changed;
            case RESET:
                if (set.isResetAll()) {
                    for (String key : defaults.keySet()) {
                        assign(key, defaults.get(key), changed);
                    }
                } else {
                    String key = normalize(set.getVariableName());
                    assign(key, defaults.getOrDefault(key, ""), changed);
                }
                return changed;
            case SET:
                break;
        }
        String key = normalize(set.getVariableName());
        if (READ_ONLY.contains(key)) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "parameter \"" + key + "\" cannot be changed");
        }
        String value = set.isDefault() ? defaults.getOrDefault(key, "") : String.join(", ", set.getValueStrings());
        assign(key, value, changed);
        return changed;
    }

    private void assign(String key, String value, Map<String, String> changed) {
        if (key.equals("timezone")) {
            timeZone = zone(value);
        }
        values.put(key, value);
        String reported = REPORTED.get(key);
        if (reported != null) {
            changed.put(reported, value);
        }
    }

    private static ZoneId zone(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("utc") || v.equalsIgnoreCase("gmt") || v.equalsIgnoreCase("z")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"TimeZone\": \"" + value + "\"");
        }
    }

    private static String normalize(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return key.equals("time zone") ? "timezone" : key;
    }
}
