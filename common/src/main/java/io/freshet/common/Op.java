package io.freshet.common;

/** What a row of a {@link StreamChunk} does to the stream's contents. */
public enum Op {
    INSERT('+'),
    DELETE('-'),
    /** The old version of an updated row; always immediately followed by its {@link #UPDATE_AFTER}. */
    UPDATE_BEFORE('U'),
    /** The new version of an updated row; always immediately preceded by its {@link #UPDATE_BEFORE}. */
    UPDATE_AFTER('u');

    private static final Op[] VALUES = values();
    private final char symbol;

    Op(char symbol) {
        this.symbol = symbol;
    }

    /** One-character form used by the chunk text format: {@code + - U- U+}. */
    public String text() {
        switch (this) {
            case INSERT: return "+";
            case DELETE: return "-";
            case UPDATE_BEFORE: return "U-";
            case UPDATE_AFTER: return "U+";
        }
        throw new AssertionError(this);
    }

    public static Op fromText(String text) {
        switch (text) {
            case "+": return INSERT;
            case "-": return DELETE;
            case "U-": return UPDATE_BEFORE;
            case "U+": return UPDATE_AFTER;
            default: throw new IllegalArgumentException("unknown op: " + text);
        }
    }

    /** Whether the row adds to the stream's contents (INSERT or UPDATE_AFTER). */
    public boolean isInsert() {
        return this == INSERT || this == UPDATE_AFTER;
    }

    public byte code() {
        return (byte) ordinal();
    }

    public static Op fromCode(byte code) {
        return VALUES[code];
    }

    char symbol() {
        return symbol;
    }
}
