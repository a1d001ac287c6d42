package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A transaction control statement.
 *
 * <ul>
 *   <li>{@link Kind#BEGIN}: {@code BEGIN [WORK | TRANSACTION] [modes]} and
 *       {@code START TRANSACTION [modes]};
 *   <li>{@link Kind#COMMIT}: {@code COMMIT [WORK | TRANSACTION]} and {@code END [...]};
 *   <li>{@link Kind#ROLLBACK}: {@code ROLLBACK [WORK | TRANSACTION]} and {@code ABORT [...]}.
 * </ul>
 */
public final class SqlTransaction extends SqlCall {
    public enum Kind {
        BEGIN(new SqlSpecialOperator("BEGIN", SqlKind.OTHER)),
        COMMIT(new SqlSpecialOperator("COMMIT", SqlKind.COMMIT)),
        ROLLBACK(new SqlSpecialOperator("ROLLBACK", SqlKind.ROLLBACK));

        private final SqlOperator operator;

        Kind(SqlOperator operator) {
            this.operator = operator;
        }

        public SqlOperator operator() {
            return operator;
        }
    }

    private final Kind kind;
    private final TransactionCharacteristics characteristics;

    public SqlTransaction(SqlParserPos pos, Kind kind, TransactionCharacteristics characteristics) {
        super(pos);
        this.kind = requireNonNull(kind, "kind is null");
        this.characteristics = requireNonNull(characteristics, "characteristics is null");
        if (kind != Kind.BEGIN && !characteristics.isEmpty()) {
            throw new IllegalArgumentException("only BEGIN takes transaction modes");
        }
    }

    public Kind getTransactionKind() {
        return kind;
    }

    /** The modes written after {@code BEGIN}; {@link TransactionCharacteristics#NONE} otherwise. */
    public TransactionCharacteristics getCharacteristics() {
        return characteristics;
    }

    @Override
    public SqlOperator getOperator() {
        return kind.operator();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(kind.name());
        if (!characteristics.isEmpty()) {
            characteristics.unparse(writer);
        }
    }
}
