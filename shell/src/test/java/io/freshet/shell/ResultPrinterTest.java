package io.freshet.shell;

import static io.freshet.shell.ResultTable.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {
    private static final ResultTable.Column ID = new ResultTable.Column("id", true);
    private static final ResultTable.Column CUSTOMER = new ResultTable.Column("customer", false);
    private static final ResultTable.Column TOTAL = new ResultTable.Column("total", true);
    private static final ResultTable.Column NOTE = new ResultTable.Column("note", false);

    @Test
    void alignsNumbersRightAndTextLeftWithNullEmpty() {
        ResultTable table = new ResultTable(List.of(ID, CUSTOMER, TOTAL, NOTE), List.of(
                row("1", "ann", "12.50", "first order"),
                row("20", null, "7.00", null),
                row("300", "bob", null, "x")));
        assertEquals(""
                        + " id  | customer | total |    note     \n"
                        + "-----+----------+-------+-------------\n"
                        + "   1 | ann      | 12.50 | first order\n"
                        + "  20 |          |  7.00 | \n"
                        + " 300 | bob      |       | x\n"
                        + "(3 rows)\n"
                        + "\n",
                ResultPrinter.format(table));
    }

    @Test
    void oneRowAndNoRows() {
        assertEquals(" customer | total \n----------+-------\n ann      |  1.00\n(1 row)\n\n",
                ResultPrinter.format(new ResultTable(List.of(CUSTOMER, TOTAL), List.of(row("ann", "1.00")))));
        assertEquals(" customer | total \n----------+-------\n(0 rows)\n\n",
                ResultPrinter.format(new ResultTable(List.of(CUSTOMER, TOTAL), List.of())));
    }

    @Test
    void rightAlignedLastColumnIsPaddedEvenWhenNull() {
        assertEquals(" customer | total \n----------+-------\n ann      |      \n(1 row)\n\n",
                ResultPrinter.format(new ResultTable(List.of(CUSTOMER, TOTAL), List.of(row("ann", null)))));
    }

    @Test
    void valuesWithLineBreaksContinueWithAWrapMark() {
        ResultTable table = new ResultTable(List.of(NOTE, ID, CUSTOMER), List.of(row("a\nbb", "1", "c\nd\ne")));
        assertEquals(""
                        + " note | id | customer \n"
                        + "------+----+----------\n"
                        + " a   +|  1 | c       +\n"
                        + " bb   |    | d       +\n"
                        + "      |    | e\n"
                        + "(1 row)\n"
                        + "\n",
                ResultPrinter.format(table));
    }

    @Test
    void wideCharactersTabsAndControlCharacters() {
        ResultTable table = new ResultTable(List.of(NOTE, ID), List.of(row("日本", "1"), row("a\tb", "2"), row("x\ry\u0001", "3")));
        assertEquals(""
                        + "   note    | id \n"
                        + "-----------+----\n"
                        + " 日本      |  1\n"
                        + " a       b |  2\n"
                        + " x\\ry\\x01  |  3\n"
                        + "(3 rows)\n"
                        + "\n",
                ResultPrinter.format(table));
    }

    @Test
    void noColumns() {
        assertEquals("--\n(1 row)\n\n", ResultPrinter.format(new ResultTable(List.of(), List.of(row()))));
    }
}
