package io.freshet.shell;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Standard input for a shell under test: hands out one line per read, and runs an action just
 * before a given line is read (by then the shell has run every earlier line, since it reads the
 * next line only after running the last one).
 */
final class ScriptedInput extends InputStream {
    private final List<String> lines;
    private final Map<Integer, Runnable> actionsBeforeLine;
    private int nextLine;
    private byte[] current = new byte[0];
    private int offset;

    /** {@code actionsBeforeLine} maps 0-based line numbers to what runs before that line is read. */
    ScriptedInput(List<String> lines, Map<Integer, Runnable> actionsBeforeLine) {
        this.lines = List.copyOf(lines);
        this.actionsBeforeLine = Map.copyOf(actionsBeforeLine);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
        if (offset == current.length) {
            if (nextLine == lines.size()) {
                return -1;
            }
            Runnable action = actionsBeforeLine.get(nextLine);
            if (action != null) {
                action.run();
            }
            current = (lines.get(nextLine++) + "\n").getBytes(UTF_8);
            offset = 0;
        }
        int count = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, buffer, off, count);
        offset += count;
        return count;
    }
}
