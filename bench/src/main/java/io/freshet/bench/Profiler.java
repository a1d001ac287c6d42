package io.freshet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Flight Recorder recording of the measured runs only (started after the warm-ups), with the
 * settings of {@code profile.jfc} next to this class: Java and native stack samples every 10 ms,
 * allocation samples, GC pauses. Read the file with {@link JfrHotMethods}.
 */
final class Profiler implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts a recording into {@code file}; {@code null} gives a profiler that records nothing. */
    static Profiler start(Path file) throws IOException {
        if (file == null) {
            return new Profiler(null, null);
        }
        Configuration configuration;
        try (InputStream in = Profiler.class.getResourceAsStream("profile.jfc");
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            configuration = Configuration.create(reader);
        } catch (ParseException e) {
            throw new IllegalStateException("profile.jfc is not a valid Flight Recorder configuration", e);
        }
        Recording recording = new Recording(configuration);
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.start();
        return new Profiler(recording, file);
    }

    @Override
    public void close() {
        if (recording == null) {
            return;
        }
        recording.stop();
        recording.close();
        System.out.println("profile of the measured runs written to " + file
                + "; read it with: java -cp bench/target/freshet-bench.jar io.freshet.bench.JfrHotMethods " + file);
    }
}
