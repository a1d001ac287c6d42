package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;

/** Input read line by line, without prompts: a pipe, a file, a {@code -c} string. */
final class ReaderLineSource implements LineSource {
    private final BufferedReader reader;

    ReaderLineSource(BufferedReader reader) {
        this.reader = requireNonNull(reader, "reader is null");
    }

    @Override
    public String read(StatementSplitter pending) throws IOException {
        return reader.readLine();
    }
}
