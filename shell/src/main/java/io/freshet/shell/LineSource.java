package io.freshet.shell;

import java.io.IOException;

/** Where the shell's input comes from: a terminal, a pipe, a file or a {@code -c} string. */
interface LineSource {
    /**
     * Reads the next piece of input: one line, or several when the terminal edited a multi-line
     * statement, without the final line terminator. {@code pending} is what has been read but not
     * yet run (for the prompt; not to be changed, except to drop it on Ctrl-C).
     *
     * @return the text, or {@code null} at the end of the input
     */
    String read(StatementSplitter pending) throws IOException;

    /**
     * Calls {@code action} on Ctrl-C until the returned registration is closed; does nothing where
     * there is no terminal to press it on.
     */
    default Registration onInterrupt(Runnable action) {
        return () -> { };
    }

    /** Undoes {@link #onInterrupt}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
