package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * Interactive input through JLine: line editing, history in a file, and psql's prompts
 * ({@code dev=> } for a new statement, {@code dev-> } while one continues, {@code dev'> } inside a
 * string, and so on).
 *
 * <p>A statement spread over several lines is edited as one multi-line buffer: Enter only hands the
 * buffer over once every statement in it is terminated (or its last line is a meta-command), so the
 * history keeps whole statements. Ctrl-C drops the buffer and what was pending; Ctrl-D on an empty
 * line ends the input.
 */
final class TerminalLineSource implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;
    private final String promptStart;
    private final StatementParser parser = new StatementParser();
    private boolean endOfInput;

    /**
     * @param database the name shown in the prompt
     * @param historyFile where the history is kept, or {@code null} for none
     */
    TerminalLineSource(Terminal terminal, String database, Path historyFile) {
        this.terminal = requireNonNull(terminal, "terminal is null");
        this.promptStart = database.replace("%", "%%");
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("freshet")
                .parser(parser)
                // Event expansion would turn "\q" into "q" (the parser has no escape characters either).
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // Nothing to complete: Tab indents.
                .option(LineReader.Option.INSERT_TAB, true)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, promptStart + "%M> ");
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    @Override
    public String read(StatementSplitter pending) {
        if (endOfInput) {
            return null;
        }
        while (true) {
            parser.pending = pending;
            try {
                return reader.readLine(promptStart + pending.continuation().promptMark() + "> ");
            } catch (UserInterruptException e) {
                pending.reset();
            } catch (EndOfFileException e) {
                endOfInput = true;
                if (e.getPartialLine() != null) {
                    return e.getPartialLine();
                }
                terminal.writer().println();
                terminal.flush();
                return null;
            }
        }
    }

    @Override
    public Registration onInterrupt(Runnable action) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> action.run());
        return () -> terminal.handle(Terminal.Signal.INT, previous);
    }

    /**
     * Tells JLine whether the buffer is complete: it throws {@link EOFError} (JLine then adds a
     * line) while a statement is unterminated; the error's "missing" text is the prompt mark.
     */
    private static final class StatementParser implements Parser {
        /** What was pending before the buffer being edited; set before each read. */
        private StatementSplitter pending = new StatementSplitter();

        @Override
        public CompletingParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE || context == ParseContext.SECONDARY_PROMPT) {
                StatementSplitter probe = pending.copy();
                String[] lines = line.split("\n", -1);
                boolean endsWithMetaCommand = false;
                for (String text : lines) {
                    endsWithMetaCommand = probe.addLine(text).stream().anyMatch(StatementSplitter.Meta.class::isInstance);
                }
                StatementSplitter.Continuation continuation = probe.continuation();
                if (continuation != StatementSplitter.Continuation.NONE && !endsWithMetaCommand) {
                    throw new EOFError(-1, -1, "statement not terminated", continuation.promptMark());
                }
            }
            return new WholeLine(line, cursor);
        }

        @Override
        public boolean isEscapeChar(char ch) {
            return false;
        }
    }

    /** The buffer as one word: the shell completes nothing. */
    private static final class WholeLine implements CompletingParsedLine {
        private final String line;
        private final int cursor;

        WholeLine(String line, int cursor) {
            this.line = line;
            this.cursor = cursor;
        }

        @Override
        public String word() {
            return line;
        }

        @Override
        public int wordCursor() {
            return cursor;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(line);
        }

        @Override
        public String line() {
            return line;
        }

        @Override
        public int cursor() {
            return cursor;
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return cursor;
        }

        @Override
        public int rawWordLength() {
            return line.length();
        }
    }
}
