package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.TextFormat;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes one CSV line (one Kafka record value, {@code ENCODE CSV}) into a row of a table's
 * visible columns, by position: the n-th field fills the n-th column that is not an
 * {@code INCLUDE} column.
 *
 * <p>Fields are separated by the delimiter; a field may be quoted with {@code "} (a doubled
 * {@code ""} inside is one quote, and the delimiter and line breaks are then literal). An empty
 * unquoted field is NULL, a quoted empty field {@code ""} the empty string. One trailing line
 * break is ignored. Each field is read with the column type's PostgreSQL text input. A line with
 * another number of fields, an unterminated quote, bytes that are not UTF-8, or a value that does
 * not parse makes the record bad ({@link JsonRowDecoder.BadRecordException}); with
 * {@link #badFieldAsNull} a value that does not parse is NULL instead (unless NOT NULL).
 *
 * <p>With a header ({@code without_header = 'false'}), a line whose fields are the column names
 * (compared case-insensitively, in order) is a header line: {@link #decode} returns null for it
 * and the caller skips it. Columns are always matched by position.
 */
public final class CsvRowDecoder {
    private final List<String> names;
    private final List<DataType> types;
    private final boolean[] notNull;
    /** Indexes of the columns read from the line, in field order. */
    private final int[] fields;
    private final char delimiter;
    private final boolean header;
    private boolean badFieldNull;
    private String fieldError;

    public CsvRowDecoder(List<String> names, List<DataType> types, boolean[] notNull, boolean[] skip, char delimiter,
                         boolean header) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.notNull = notNull.clone();
        this.delimiter = delimiter;
        this.header = header;
        int n = 0;
        for (boolean s : skip) {
            n += s ? 0 : 1;
        }
        this.fields = new int[n];
        n = 0;
        for (int c = 0; c < skip.length; c++) {
            if (!skip[c]) {
                fields[n++] = c;
            }
        }
    }

    /** See {@link JsonRowDecoder#badFieldAsNull}. */
    public CsvRowDecoder badFieldAsNull(boolean nullMode) {
        this.badFieldNull = nullMode;
        return this;
    }

    /** After {@link #decode}: why a field was set to NULL, or null. */
    public String fieldError() {
        return fieldError;
    }

    /** The row of {@code value}; null for a header line. */
    public Object[] decode(byte[] value) throws JsonRowDecoder.BadRecordException {
        fieldError = null;
        if (value == null) {
            throw new JsonRowDecoder.BadRecordException("the record has no value");
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonRowDecoder.BadRecordException("the value is not UTF-8 text");
        }
        List<String> values = split(line);
        if (values.size() != fields.length) {
            throw new JsonRowDecoder.BadRecordException("CSV line has " + values.size() + " field"
                    + (values.size() == 1 ? "" : "s") + ", expected " + fields.length);
        }
        if (header && isHeader(values)) {
            return null;
        }
        Object[] row = new Object[names.size()];
        for (int f = 0; f < fields.length; f++) {
            int c = fields[f];
            String text = values.get(f);
            if (text != null) {
                try {
                    row[c] = TextFormat.parse(types.get(c), text);
                } catch (RuntimeException e) {
                    String error = "column \"" + names.get(c) + "\": " + e.getMessage();
                    if (!badFieldNull || notNull[c]) {
                        throw new JsonRowDecoder.BadRecordException(error);
                    }
                    if (fieldError == null) {
                        fieldError = error + " (set to NULL)";
                    }
                }
            }
            if (row[c] == null && notNull[c]) {
                throw new JsonRowDecoder.BadRecordException("null value in column \"" + names.get(c) + "\", which is NOT NULL");
            }
        }
        return row;
    }

    private boolean isHeader(List<String> values) {
        for (int f = 0; f < fields.length; f++) {
            String v = values.get(f);
            if (v == null || !v.trim().toLowerCase(Locale.ROOT).equals(names.get(fields[f]).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** The fields of {@code line}: null for an empty unquoted field. */
    List<String> split(String line) throws JsonRowDecoder.BadRecordException {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        for (int i = 0; i < end; i++) {
            char ch = line.charAt(i);
            if (inQuotes) {
                if (ch == '"') {
                    if (i + 1 < end && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == delimiter) {
                out.add(quoted || field.length() > 0 ? field.toString() : null);
                field.setLength(0);
                quoted = false;
            } else if (ch == '"' && field.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (quoted) {
                throw new JsonRowDecoder.BadRecordException("CSV: text after the closing quote of field " + (out.size() + 1));
            } else {
                field.append(ch);
            }
        }
        if (inQuotes) {
            throw new JsonRowDecoder.BadRecordException("CSV: unterminated quoted field " + (out.size() + 1));
        }
        out.add(quoted || field.length() > 0 ? field.toString() : null);
        return out;
    }
}
