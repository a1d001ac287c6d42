package io.freshet.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.shell.StatementSplitter.Command;
import io.freshet.shell.StatementSplitter.Continuation;
import io.freshet.shell.StatementSplitter.Meta;
import io.freshet.shell.StatementSplitter.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private final StatementSplitter splitter = new StatementSplitter();

    @Test
    void severalStatementsOnOneLine() {
        assertEquals(List.of(sql("SELECT 1"), sql("SELECT 2"), new Sql("INSERT INTO t VALUES (3)", "INSERT INTO t VALUES (3) ;")),
                feed("SELECT 1; SELECT 2;INSERT INTO t VALUES (3) ;"));
        assertEquals(Continuation.NONE, splitter.continuation());
    }

    @Test
    void statementSpansLines() {
        assertEquals(List.of(), feed("SELECT a,"));
        assertEquals(Continuation.STATEMENT, splitter.continuation());
        assertEquals(List.of(), feed("  b FROM t"));
        assertEquals(List.of(new Sql("SELECT a,\n  b FROM t", "SELECT a,\n  b FROM t\n;")), feed(";"));
    }

    @Test
    void restOfALineStartsTheNextStatement() {
        assertEquals(List.of(sql("SELECT 1")), feed("SELECT 1; SELECT"));
        assertEquals(List.of(new Sql("SELECT\n2", "SELECT\n2;")), feed("2;"));
    }

    @Test
    void semicolonsInsideQuotesDoNotEndAStatement() {
        assertEquals(List.of(sql("SELECT 'a;b', 'it''s;', \"x;\"\"y\" FROM t")),
                feed("SELECT 'a;b', 'it''s;', \"x;\"\"y\" FROM t;"));
        assertEquals(List.of(sql("SELECT E'it\\'s;' AS a"), sql("SELECT 'back\\' AS b")),
                feed("SELECT E'it\\'s;' AS a; SELECT 'back\\' AS b;"));
        assertEquals(List.of(sql("SELECT $$a;'b$$, $fn$ ; $$ $fn$"), sql("SELECT $1")),
                feed("SELECT $$a;'b$$, $fn$ ; $$ $fn$; SELECT $1;"));
    }

    @Test
    void semicolonsInsideCommentsDoNotEndAStatement() {
        assertEquals(List.of(), feed("SELECT 1 -- not the end;"));
        assertEquals(List.of(), feed("/* not ; /* nested ; */ still ; */ + 2"));
        assertEquals(List.of(new Sql("SELECT 1 -- not the end;\n/* not ; /* nested ; */ still ; */ + 2",
                "SELECT 1 -- not the end;\n/* not ; /* nested ; */ still ; */ + 2\n;")), feed(";"));
    }

    @Test
    void leadingBlanksAndCommentsAreDropped() {
        assertEquals(List.of(), feed("-- the first order"));
        assertEquals(Continuation.NONE, splitter.continuation());
        assertEquals(List.of(sql("SELECT 1")), feed("   /* c */ SELECT 1;   -- trailing"));
        assertEquals(Optional.empty(), splitter.finish());
    }

    @Test
    void emptyStatementsAreSkipped() {
        assertEquals(List.of(sql("SELECT 1")), feed(";; SELECT 1;;"));
    }

    @Test
    void continuationTellsWhatIsOpen() {
        assertContinuation(Continuation.SINGLE_QUOTE, "SELECT 'abc");
        assertContinuation(Continuation.DOUBLE_QUOTE, "SELECT \"ab");
        assertContinuation(Continuation.DOLLAR_QUOTE, "SELECT $body$ x");
        assertContinuation(Continuation.BLOCK_COMMENT, "SELECT /* x");
        assertContinuation(Continuation.BLOCK_COMMENT, "/* x");
        assertContinuation(Continuation.PARENTHESIS, "SELECT (1 + (2)");
        assertContinuation(Continuation.STATEMENT, "SELECT (1)");
        assertContinuation(Continuation.NONE, "-- only a comment");
        assertContinuation(Continuation.NONE, "");
    }

    @Test
    void quotedTextMaySpanLines() {
        assertEquals(List.of(), feed("SELECT 'one"));
        assertEquals(List.of(), feed("\\q is text here; so is this"));
        assertEquals(List.of(new Sql("SELECT 'one\n\\q is text here; so is this\n'", "SELECT 'one\n\\q is text here; so is this\n';")),
                feed("';"));
    }

    @Test
    void metaCommandsTakeTheWholeLine() {
        assertEquals(List.of(new Meta("dt")), feed("\\dt"));
        assertEquals(List.of(new Meta("timing on")), feed("   \\timing on  "));
        assertEquals(List.of(new Meta("q; SELECT 1;")), feed("\\q; SELECT 1;"));
    }

    @Test
    void aPendingStatementSurvivesAMetaCommand() {
        assertEquals(List.of(), feed("SELECT"));
        assertEquals(List.of(new Meta("timing")), feed("\\timing"));
        assertEquals(Continuation.STATEMENT, splitter.continuation());
        assertEquals(List.of(new Sql("SELECT\n1", "SELECT\n1;")), feed("1;"));
    }

    @Test
    void unterminatedInputIsReturnedAtTheEnd() {
        feed("SELECT 1;");
        feed("SELECT 2");
        feed("  FROM t   ");
        assertEquals(Optional.of(new Sql("SELECT 2\n  FROM t", "SELECT 2\n  FROM t")), splitter.finish());
        assertEquals(Optional.empty(), splitter.finish());

        feed("SELECT 'never closed;");
        assertEquals(Optional.of(new Sql("SELECT 'never closed;", "SELECT 'never closed;")), splitter.finish());
        assertEquals(Continuation.NONE, splitter.continuation());
    }

    @Test
    void resetDropsWhatIsPending() {
        feed("SELECT 'abc");
        splitter.reset();
        assertEquals(Continuation.NONE, splitter.continuation());
        assertEquals(List.of(sql("SELECT 1")), feed("SELECT 1;"));
    }

    @Test
    void aCopyIsIndependent() {
        feed("SELECT (1");
        StatementSplitter copy = splitter.copy();
        assertEquals(List.of(new Sql("SELECT (1\n)", "SELECT (1\n);")), copy.addLine(");"));
        assertEquals(Continuation.PARENTHESIS, splitter.continuation());
    }

    private void assertContinuation(Continuation expected, String line) {
        splitter.reset();
        feed(line);
        assertEquals(expected, splitter.continuation(), line);
    }

    private List<Command> feed(String... lines) {
        List<Command> commands = new ArrayList<>();
        for (String line : lines) {
            commands.addAll(splitter.addLine(line));
        }
        return commands;
    }

    /** A statement typed on one line and ended right after its text. */
    private static Sql sql(String text) {
        return new Sql(text, text + ";");
    }
}
