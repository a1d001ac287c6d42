package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.connector.avro.AvroRowDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The validated WITH options of a kafka table or source, and what is decided from them before any
 * record is read: whether the topic exists, and where a new reader starts.
 *
 * @param startup           {@code earliest}, {@code latest} or {@code timestamp}
 * @param startupMillis     with {@code timestamp}: the first record time to read, in ms since the epoch
 * @param parallelism       consumer threads ({@code scan.parallelism}); 0 picks one per partition,
 *                          at most one per processor
 * @param avro              with {@code ENCODE AVRO}: the options of its {@link AvroRowDecoder}, else null
 */
public record KafkaOptions(String topic, String bootstrap, String startup, long startupMillis, int parallelism,
                           String format, boolean csv, char delimiter, boolean csvHeader, String deadLetterTopic,
                           boolean badFieldNull, Map<String, Object> consumerConfig, Map<String, String> avro) {
    public static final String TOPIC = "topic";
    public static final String BOOTSTRAP = "properties.bootstrap.server";
    public static final String STARTUP_MODE = "scan.startup.mode";
    public static final String STARTUP_MILLIS = "scan.startup.timestamp.millis";
    public static final String PARALLELISM = "scan.parallelism";
    /** Set by CREATE from the FORMAT clause ({@code plain}, {@code upsert} or {@code debezium}); not a user option. */
    public static final String FORMAT = "format";
    /** Set by CREATE from the ENCODE clause ({@code json}, {@code csv} or {@code avro}); not a user option. */
    public static final String ENCODE = "encode";
    /** Set by CREATE from {@code ENCODE CSV (delimiter = …)}; not a user option. */
    public static final String CSV_DELIMITER = "encode.delimiter";
    /** Set by CREATE from {@code ENCODE CSV (without_header = …)}; not a user option. */
    public static final String CSV_WITHOUT_HEADER = "encode.without_header";
    /** Topic that bad records are copied to, raw, with the error in headers. */
    public static final String DEAD_LETTER_TOPIC = "dead_letter.topic";
    /** {@code skip} (default): a bad record is skipped; {@code null}: a bad field is NULL. */
    public static final String BAD_FIELD_MODE = "bad_field.mode";
    /**
     * Prefix of the options CREATE sets from {@code INCLUDE} clauses: {@code include.<column>}
     * = {@code key | partition | offset | timestamp | header:<name>}; not user options.
     */
    public static final String INCLUDE = "include.";
    /** The most consumer threads {@code scan.parallelism} may ask for. */
    public static final int MAX_PARALLELISM = 64;
    private static final String PROPERTIES = "properties.";
    /** Consumer settings the connector owns; a {@code properties.*} option may not override them. */
    private static final Set<String> RESERVED = Set.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);

    public boolean upsert() {
        return format.equals("upsert");
    }

    public boolean debezium() {
        return format.equals("debezium");
    }

    public boolean earliest() {
        return startup.equals("earliest");
    }

    /**
     * Checks the WITH options (42601 naming an unknown option, 22023 naming a missing or bad one)
     * without contacting Kafka.
     */
    public static KafkaOptions parse(Map<String, String> options) {
        String topic = null;
        String bootstrap = null;
        String startup = "earliest";
        Long startupMillis = null;
        int parallelism = 0;
        String format = "plain";
        boolean csv = false;
        char delimiter = ',';
        boolean header = false;
        String deadLetter = null;
        boolean badFieldNull = false;
        Map<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            switch (key) {
                case "connector":
                    continue;
                case TOPIC:
                    if (value.isBlank()) {
                        throw invalid("option 'topic' must not be empty");
                    }
                    topic = value;
                    continue;
                case BOOTSTRAP:
                case "properties.bootstrap.servers":
                    if (value.isBlank()) {
                        throw invalid("option '" + key + "' must not be empty");
                    }
                    bootstrap = value;
                    continue;
                case FORMAT:
                    switch (value) {
                        case "plain", "upsert", "debezium" -> format = value;
                        default -> throw invalid("format '" + value + "' (only plain, upsert and debezium)");
                    }
                    continue;
                case ENCODE:
                    switch (value) {
                        case "json" -> csv = false;
                        case "csv" -> csv = true;
                        case "avro" -> csv = false; // options checked by AvroRowDecoder.checkOptions below
                        default -> throw invalid("encode '" + value + "' (only json, csv and avro)");
                    }
                    continue;
                case CSV_DELIMITER:
                    String d = value.equals("\\t") ? "\t" : value;
                    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
                        throw invalid("ENCODE CSV option 'delimiter' must be one character other than a quote or a line break, not '"
                                + value + "'");
                    }
                    delimiter = d.charAt(0);
                    continue;
                case CSV_WITHOUT_HEADER:
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true" -> header = false;
                        case "false" -> header = true;
                        default -> throw invalid("ENCODE CSV option 'without_header' must be 'true' or 'false', not '" + value + "'");
                    }
                    continue;
                case AvroRowDecoder.REGISTRY, AvroRowDecoder.DEFINITION:
                    continue;
                case DEAD_LETTER_TOPIC:
                    if (value.isBlank()) {
                        throw invalid("option '" + DEAD_LETTER_TOPIC + "' must not be empty");
                    }
                    deadLetter = value;
                    continue;
                case BAD_FIELD_MODE:
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "skip" -> badFieldNull = false;
                        case "null" -> badFieldNull = true;
                        default -> throw invalid("option '" + BAD_FIELD_MODE + "' must be 'skip' or 'null', not '" + value + "'");
                    }
                    continue;
                case STARTUP_MODE:
                    startup = value.toLowerCase(Locale.ROOT);
                    if (!startup.equals("earliest") && !startup.equals("latest") && !startup.equals("timestamp")) {
                        throw invalid("option '" + STARTUP_MODE + "' must be 'earliest', 'latest' or 'timestamp', not '" + value + "'");
                    }
                    continue;
                case STARTUP_MILLIS:
                    try {
                        startupMillis = Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        startupMillis = -1L;
                    }
                    if (startupMillis < 0) {
                        throw invalid("option '" + STARTUP_MILLIS + "' must be milliseconds since 1970-01-01 UTC, not '" + value + "'");
                    }
                    continue;
                case PARALLELISM:
                    try {
                        parallelism = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        parallelism = -1;
                    }
                    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                        throw invalid("option '" + PARALLELISM + "' must be a whole number of consumer threads from 1 to "
                                + MAX_PARALLELISM + ", not '" + value + "'");
                    }
                    continue;
                default:
                    break;
            }
            if (key.startsWith(INCLUDE)) {
                includeType(value);
                continue;
            }
            if (key.startsWith(PROPERTIES)) {
                String property = key.substring(PROPERTIES.length());
                if (!ConsumerConfig.configNames().contains(property)) {
                    throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + key
                            + "': '" + property + "' is not a Kafka consumer setting");
                }
                if (RESERVED.contains(property)) {
                    throw invalid("option '" + key + "' cannot be set: the kafka connector manages '" + property + "'");
                }
                config.put(property, value);
                continue;
            }
            throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + key + "'; known: topic, "
                    + BOOTSTRAP + ", " + STARTUP_MODE + " (earliest|latest|timestamp), " + STARTUP_MILLIS + ", "
                    + PARALLELISM + ", " + DEAD_LETTER_TOPIC + ", " + BAD_FIELD_MODE
                    + " (skip|null), properties.<kafka consumer setting>");
        }
        AvroRowDecoder.checkOptions(options);
        if (topic == null) {
            throw invalid("kafka connector needs option 'topic'");
        }
        if (bootstrap == null) {
            throw invalid("kafka connector needs option '" + BOOTSTRAP + "'");
        }
        if (startup.equals("timestamp") != (startupMillis != null)) {
            throw invalid(startupMillis == null
                    ? "option " + STARTUP_MODE + "='timestamp' needs option '" + STARTUP_MILLIS + "'"
                    : "option '" + STARTUP_MILLIS + "' needs " + STARTUP_MODE + "='timestamp'");
        }
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startup.equals("latest") ? "latest" : "earliest");
        try {
            Map<String, Object> check = new HashMap<>(config);
            check.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            check.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            ConsumerConfig.configDef().parse(check);
        } catch (ConfigException e) {
            throw invalid("invalid kafka consumer setting: " + e.getMessage());
        }
        return new KafkaOptions(topic, bootstrap, startup, startupMillis == null ? -1 : startupMillis, parallelism, format,
                csv, delimiter, header, deadLetter, badFieldNull, Map.copyOf(config), avroOptions(options));
    }

    /** The ENCODE AVRO options, or null for another encoding. */
    private static Map<String, String> avroOptions(Map<String, String> options) {
        if (!"avro".equals(options.get(ENCODE))) {
            return null;
        }
        Map<String, String> avro = new HashMap<>();
        for (String key : List.of(ENCODE, AvroRowDecoder.REGISTRY, AvroRowDecoder.DEFINITION)) {
            if (options.containsKey(key)) {
                avro.put(key, options.get(key));
            }
        }
        return Map.copyOf(avro);
    }

    /**
     * The column type of an {@code INCLUDE} of {@code what} ({@code key}, {@code partition},
     * {@code offset}, {@code timestamp} or {@code header:<name>}); 42601 for anything else.
     */
    public static DataType includeType(String what) {
        return switch (what) {
            case "key" -> DataType.VARCHAR;
            case "partition" -> DataType.INTEGER;
            case "offset" -> DataType.BIGINT;
            case "timestamp" -> DataType.TIMESTAMPTZ;
            default -> {
                if (what.startsWith("header:") && what.length() > "header:".length()) {
                    yield DataType.VARCHAR;
                }
                throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown INCLUDE '" + what
                        + "' (key, partition, offset, timestamp or header 'name')");
            }
        };
    }

    /**
     * Checks that the topic exists, waiting at most {@code timeout} for the brokers; 22023 naming
     * the topic or the bootstrap servers otherwise. Returns where a new reader starts, as a saved
     * position: null for {@code earliest}; the partitions' end offsets now for {@code latest}, so
     * every record produced after the CREATE statement returns is read; for {@code timestamp}, each
     * partition's first offset at or after {@link #startupMillis} (its end offset when none is).
     */
    public byte[] checkTopic(Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-create-" + topic);
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = probe.listTopics(timeout);
            List<PartitionInfo> partitions = topics.get(topic);
            if (partitions == null || partitions.isEmpty()) {
                throw invalid("Kafka topic \"" + topic + "\" does not exist at " + bootstrap);
            }
            if (deadLetterTopic != null && !topics.containsKey(deadLetterTopic)) {
                throw invalid("dead-letter Kafka topic \"" + deadLetterTopic + "\" (option '" + DEAD_LETTER_TOPIC
                        + "') does not exist at " + bootstrap);
            }
            if (earliest()) {
                return null;
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo info : partitions) {
                assigned.add(new TopicPartition(topic, info.partition()));
            }
            TreeMap<Integer, Long> offsets = new TreeMap<>();
            startOffsets(probe, assigned, timeout).forEach((partition, offset) -> offsets.put(partition.partition(), offset));
            return formatPosition(offsets);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw invalid("could not reach Kafka at " + bootstrap + " (option '" + BOOTSTRAP + "') within "
                    + timeout.toSeconds() + " s");
        } catch (KafkaException e) {
            throw invalid("could not read the topics of Kafka at " + bootstrap + ": " + e.getMessage());
        }
    }

    /**
     * Where {@code scan.startup.mode} starts each of {@code partitions}: the beginning
     * ({@code earliest}), the end now ({@code latest}), or the first record at or after
     * {@link #startupMillis} ({@code timestamp}; the end now when there is none).
     */
    Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                           Duration timeout) {
        if (earliest()) {
            return consumer.beginningOffsets(partitions, timeout);
        }
        Map<TopicPartition, Long> offsets = new HashMap<>(consumer.endOffsets(partitions, timeout));
        if (startup.equals("timestamp")) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, startupMillis));
            consumer.offsetsForTimes(times, timeout).forEach((partition, found) -> {
                if (found != null) {
                    offsets.put(partition, found.offset());
                }
            });
        }
        return offsets;
    }

    /** Decodes a position saved by {@link #formatPosition}: next offset per partition; empty for null. */
    public static Map<Integer, Long> parsePosition(byte[] saved) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (saved == null || saved.length == 0) {
            return offsets;
        }
        for (String entry : new String(saved, StandardCharsets.UTF_8).split(",")) {
            int colon = entry.indexOf(':');
            offsets.put(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
        }
        return offsets;
    }

    /** The next offset of each partition as {@code partition:offset,…}. */
    static byte[] formatPosition(Map<Integer, Long> offsets) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static FreshetException invalid(String message) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, message);
    }
}
