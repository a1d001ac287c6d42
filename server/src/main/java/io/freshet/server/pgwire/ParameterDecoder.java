package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.TextFormat;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns Bind parameter bytes into the Java values the engine expects.
 *
 * <p>A text value is parsed as the statement's parameter type. A binary value is in the format of
 * the type the client has in mind: the OID it declared in Parse, or else the type we reported in
 * ParameterDescription. It is decoded in that format and then converted to the parameter type,
 * as a cast through text would (so a client may bind an {@code int8} to an {@code integer}
 * parameter, within range).
 */
final class ParameterDecoder {
    /** A trailing zone offset as pgjdbc appends it to dates and times: {@code +01}, {@code -05:30}. */
    private static final Pattern TRAILING_ZONE = Pattern.compile("\\s*(?:[+-]\\d{1,2}(?::?\\d{2}){0,2}|Z)$");

    private ParameterDecoder() {
    }

    /**
     * @param position the 1-based parameter number, for messages
     * @param declaredOid the OID the client declared in Parse, 0 when none
     * @param parameterType the statement's inferred type, or {@code null} if the engine left it open
     */
    static Object decode(byte[] bytes, int format, int position, int declaredOid, DataType parameterType, ZoneId zone) {
        if (bytes == null) {
            return null;
        }
        if (format == 0) {
            return decodeText(new String(bytes, StandardCharsets.UTF_8), declaredOid, parameterType, zone);
        }
        PgType wireType = declaredOid != 0 ? PgType.ofOid(declaredOid)
                : parameterType == null ? null : PgType.of(parameterType);
        if (wireType == null) {
            throw new PgException(PgException.FEATURE_NOT_SUPPORTED,
                    "binary format is not supported for parameter $" + position + " of type OID " + declaredOid,
                    "send the value in text format");
        }
        Object value;
        try {
            value = BinaryFormat.decode(wireType, bytes);
        } catch (PgException e) {
            throw new PgException(e.sqlState(), e.getMessage() + " in bind parameter $" + position, e.hint());
        }
        DataType wireDataType = wireType.dataType() == null ? DataType.VARCHAR : wireType.dataType();
        return convert(value, wireDataType, parameterType, zone);
    }

    private static Object decodeText(String text, int declaredOid, DataType parameterType, ZoneId zone) {
        DataType type = parameterType;
        if (type == null) {
            type = PgType.hintForOid(declaredOid);
        }
        if (type == null) {
            return text;
        }
        return parseText(type, text, zone);
    }

    /**
     * {@link TextFormat#parse}, also accepting what Postgres's date and time input accept and
     * pgjdbc sends: a date with a time or zone offset ({@code 2024-01-15 +01}) and a time with a
     * zone offset ({@code 10:15:00+01}). The extra parts are ignored, as Postgres ignores them.
     */
    static Object parseText(DataType type, String text, ZoneId zone) {
        try {
            return TextFormat.parse(type, text, zone);
        } catch (FreshetException e) {
            if (type.kind() == TypeKind.DATE) {
                return parseOr(e, () -> Math.floorDiv(TextFormat.parseTimestamp(text.trim()), Interval.MICROS_PER_DAY));
            }
            if (type.kind() == TypeKind.TIME) {
                String withoutZone = TRAILING_ZONE.matcher(text.trim()).replaceFirst("");
                return parseOr(e, () -> TextFormat.parseTime(withoutZone));
            }
            throw e;
        }
    }

    private static Object parseOr(FreshetException original, Supplier<Long> alternative) {
        try {
            return alternative.get();
        } catch (FreshetException ignored) {
            throw original;
        }
    }

    /** Converts a value of {@code from} to {@code to}, as a cast through text would. */
    static Object convert(Object value, DataType from, DataType to, ZoneId zone) {
        if (to == null) {
            return value;
        }
        if (from.kind() != to.kind()) {
            return TextFormat.parse(to, TextFormat.format(from, value, zone), zone);
        }
        if (to.kind() == TypeKind.DECIMAL) {
            return Values.fitDecimal((BigDecimal) value, to);
        }
        if (to.kind() == TypeKind.VARCHAR) {
            return Values.fitVarchar((String) value, to);
        }
        return value;
    }
}
