package io.freshet.parser;

import org.apache.calcite.sql.SqlWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transaction modes of {@code BEGIN}, {@code START TRANSACTION},
 * {@code SET TRANSACTION} and {@code SET SESSION CHARACTERISTICS AS TRANSACTION}:
 * an isolation level, an access mode and deferrability, each optional.
 * Immutable.
 */
public final class TransactionCharacteristics {
    public static final TransactionCharacteristics NONE = new TransactionCharacteristics(null, null, null);

    public enum IsolationLevel {
        READ_UNCOMMITTED("READ UNCOMMITTED"),
        READ_COMMITTED("READ COMMITTED"),
        REPEATABLE_READ("REPEATABLE READ"),
        SERIALIZABLE("SERIALIZABLE");

        private final String sql;

        IsolationLevel(String sql) {
            this.sql = sql;
        }

        /** The level as Postgres spells it, e.g. {@code READ COMMITTED}. */
        public String sql() {
            return sql;
        }
    }

    public enum AccessMode {
        READ_WRITE("READ WRITE"),
        READ_ONLY("READ ONLY");

        private final String sql;

        AccessMode(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    private final IsolationLevel isolationLevel;
    private final AccessMode accessMode;
    private final Boolean deferrable;

    private TransactionCharacteristics(IsolationLevel isolationLevel, AccessMode accessMode, Boolean deferrable) {
        this.isolationLevel = isolationLevel;
        this.accessMode = accessMode;
        this.deferrable = deferrable;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<IsolationLevel> isolationLevel() {
        return Optional.ofNullable(isolationLevel);
    }

    public Optional<AccessMode> accessMode() {
        return Optional.ofNullable(accessMode);
    }

    /** Present when {@code DEFERRABLE} or {@code NOT DEFERRABLE} was written. */
    public Optional<Boolean> deferrable() {
        return Optional.ofNullable(deferrable);
    }

    public boolean isEmpty() {
        return isolationLevel == null && accessMode == null && deferrable == null;
    }

    /** Writes the modes as SQL, comma-separated, e.g. {@code ISOLATION LEVEL SERIALIZABLE, READ ONLY}. */
    void unparse(SqlWriter writer) {
        List<String> modes = new ArrayList<>();
        if (isolationLevel != null) {
            modes.add("ISOLATION LEVEL " + isolationLevel.sql());
        }
        if (accessMode != null) {
            modes.add(accessMode.sql());
        }
        if (deferrable != null) {
            modes.add(deferrable ? "DEFERRABLE" : "NOT DEFERRABLE");
        }
        writer.keyword(String.join(", ", modes));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionCharacteristics that
                && isolationLevel == that.isolationLevel
                && accessMode == that.accessMode
                && Objects.equals(deferrable, that.deferrable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isolationLevel, accessMode, deferrable);
    }

    @Override
    public String toString() {
        return "TransactionCharacteristics{isolationLevel=" + isolationLevel
                + ", accessMode=" + accessMode + ", deferrable=" + deferrable + "}";
    }

    /** Collects modes while parsing; a mode written twice keeps the last value, as in Postgres. */
    public static final class Builder {
        private IsolationLevel isolationLevel;
        private AccessMode accessMode;
        private Boolean deferrable;

        private Builder() {}

        public Builder isolationLevel(IsolationLevel isolationLevel) {
            this.isolationLevel = Objects.requireNonNull(isolationLevel, "isolationLevel is null");
            return this;
        }

        public Builder accessMode(AccessMode accessMode) {
            this.accessMode = Objects.requireNonNull(accessMode, "accessMode is null");
            return this;
        }

        public Builder deferrable(boolean deferrable) {
            this.deferrable = deferrable;
            return this;
        }

        public TransactionCharacteristics build() {
            if (isolationLevel == null && accessMode == null && deferrable == null) {
                return NONE;
            }
            return new TransactionCharacteristics(isolationLevel, accessMode, deferrable);
        }
    }
}
