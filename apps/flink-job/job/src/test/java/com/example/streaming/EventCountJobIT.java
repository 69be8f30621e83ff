package com.example.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.example.streaming.lakehouse.TableSpec;
import com.example.streaming.lakehouse.TableSync;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on Flink's MiniCluster (RocksDB, incremental checkpoints) against a real Kafka with the
 * platform's security (SASL_SSL, SCRAM-SHA-512, ACLs) and a real Iceberg REST catalog: out-of-order
 * and late events, dead letters, and a failure injected between a window's output and its commit
 * that leaves no duplicate for a read-committed consumer nor in the bronze table.
 */
class EventCountJobIT {
    private static final String USER = "svc-event-count";
    private static final String INPUT = "web.event.received";
    private static final String OUTPUT = "web.event.counted";
    private static final String DEAD_LETTERS = "web.event.received.event-count.dlt";
    private static final String GROUP = "event-count";
    private static final String TRANSACTIONAL_ID_PREFIX = "event-count";
    private static final String BRONZE = "bronze.events";
    /** Window 10 s, out-of-orderness 2 s, allowed lateness 5 s; event times from T0. */
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Fails the job once, on the first count of "boom" (the MiniCluster runs in this JVM). */
    static final AtomicBoolean FAIL_ON_BOOM = new AtomicBoolean(true);
    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    static Path tmp;

    private static RealKafka kafka;
    private static RealRestCatalog lake;

    @BeforeAll
    static void startPeers() throws Exception {
        lake = RealRestCatalog.start(tmp.resolve("lake"));
        // The deploy-time step: the repository's table declarations, created through the catalog.
        try (RESTCatalog catalog = lake.lake().open()) {
            TableSync.sync(catalog, TableSpec.readAll(Path.of(System.getProperty("tables.dir"))));
        }
        kafka = RealKafka.start(tmp.resolve("kafka"), USER);
        try (Admin admin = Admin.create(kafka.client("admin"))) {
            // Kept forever: the counts carry their window's end (January 2026) as their timestamp, and
            // the broker's retention check (30 s after start, then every 5 minutes) would otherwise
            // delete them, older than the default 7 days, in the middle of the test.
            Map<String, String> keep = Map.of("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1).configs(keep), new NewTopic(OUTPUT, 1, (short) 1).configs(keep), new NewTopic(DEAD_LETTERS, 1, (short) 1).configs(keep)))
                    .all().get();
            // The grants the platform gives the job (components/kafka/topic-plan.ts), nothing more.
            admin.createAcls(List.of(
                    allow(ResourceType.TOPIC, INPUT, PatternType.LITERAL, AclOperation.READ),
                    allow(ResourceType.TOPIC, INPUT, PatternType.LITERAL, AclOperation.DESCRIBE),
                    allow(ResourceType.GROUP, GROUP, PatternType.LITERAL, AclOperation.READ),
                    allow(ResourceType.TOPIC, OUTPUT, PatternType.LITERAL, AclOperation.WRITE),
                    allow(ResourceType.TOPIC, OUTPUT, PatternType.LITERAL, AclOperation.DESCRIBE),
                    allow(ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.WRITE),
                    allow(ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.DESCRIBE),
                    allow(ResourceType.TRANSACTIONAL_ID, TRANSACTIONAL_ID_PREFIX, PatternType.PREFIXED, AclOperation.WRITE),
                    allow(ResourceType.TRANSACTIONAL_ID, TRANSACTIONAL_ID_PREFIX, PatternType.PREFIXED, AclOperation.DESCRIBE)))
                    .all().get();
        }
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (lake != null) {
            lake.close();
        }
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void countsEventTimeWindowsDeadLettersLateEventsAndSurvivesAFailureWithoutDuplicates() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        env.setParallelism(1);
        EventCountPipeline.build(env, settings(), counts -> counts.map(EventCountJobIT::failOnFirstBoom).name("inject-failure").uid("inject-failure"));
        JobClient job = env.executeAsync("event-count-it");
        try {
            // Out of order within the bound, and one unreadable record. Watermark 10.999 s: [0, 10) fires.
            send(event("click", 1), event("view", 3), event("click", 2), event("click", 9), "not json", event("click", 13));
            awaitCommitted(OUTPUT, "click@0=3", "view@0=1");
            // Behind the watermark, within the allowed lateness: [0, 10) fires again with the new total.
            send(event("click", 8));
            awaitCommitted(OUTPUT, "click@0=3", "view@0=1", "click@0=4");
            // Watermark 22.999 s: [10, 20) fires, and [0, 10) closes for good (its end + 5 s lateness).
            send(event("view", 25));
            awaitCommitted(OUTPUT, "click@0=3", "view@0=1", "click@0=4", "click@10000=1");
            // Later than the allowed lateness: a dead letter with the reason and the origin.
            send(event("click", 4));
            List<ConsumerRecord<byte[], byte[]>> dead = awaitRecords(DEAD_LETTERS, records -> records.size() >= 2);
            assertThat(dead).hasSize(2);
            assertThat(header(dead.get(0), EventCountPipeline.REASON_HEADER)).startsWith("invalid: not JSON");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(header(dead.get(1), EventCountPipeline.REASON_HEADER)).startsWith("late: event time 2026-01-01T00:00:04Z");
            assertThat(header(dead.get(1), "x-original-topic")).isEqualTo(INPUT);
            assertThat(header(dead.get(1), "x-original-offset")).isEqualTo("8");
            assertThat(header(dead.get(1), "x-consumer-group")).isEqualTo(GROUP);

            // An injected failure between written and committed output. One watermark step (to
            // 57.999 s) fires [20, 30), [30, 40) and [40, 50) in that order within one task action,
            // so view@20 and order@30 are in the open transaction when boom@40 fails the job; no
            // checkpoint can fall between. The job restarts from its last checkpoint and replays.
            send(event("order", 31), event("order", 32), event("boom", 41));
            send(event("tick", 60));
            awaitInjectedFailure();
            // Watermarks are not part of a checkpoint: if the last checkpoint already holds tick@60,
            // the restarted source has seen nothing yet and time stands still until the stream goes
            // on, as it does in production. The next event (its window stays open) moves it again.
            send(event("tick", 70));
            awaitCommitted(OUTPUT, "click@0=3", "view@0=1", "click@0=4", "click@10000=1", "view@20000=1", "order@30000=2", "boom@40000=1");
            assertThat(INJECTED_FAILURES.get()).as("the injected failure happened once").isEqualTo(1);

            // The bronze table: every valid record (all but the unreadable one at offset 4, late
            // ones included) exactly once, although the failure made the job replay from its last
            // checkpoint; each row as the event arrived.
            List<Long> valid = List.of(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
            List<Record> rows = awaitBronzeRows(valid.size());
            assertThat(rows.stream().map(r -> (Long) r.getField("kafka_offset")).sorted().toList()).isEqualTo(valid);
            Record boom = rows.stream().filter(r -> "boom".equals(r.getField("type"))).findFirst().orElseThrow();
            assertThat(boom.getField("received_at")).isEqualTo(T0.plusSeconds(41).atOffset(java.time.ZoneOffset.UTC));
            assertThat(boom.getField("kafka_topic")).isEqualTo(INPUT);
            assertThat(boom.getField("payload")).isEqualTo(event("boom", 41));
            assertThat(boom.getField("event_id")).isEqualTo("id-boom-41");
        } finally {
            job.cancel().get();
        }
    }

    /** Reads the bronze table until it holds `expected` rows (or WAIT passes), then a while longer: a duplicate would show. */
    private static List<Record> awaitBronzeRows(int expected) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        try (RESTCatalog catalog = lake.lake().open()) {
            Table table = catalog.loadTable(TableIdentifier.parse(BRONZE));
            List<Record> rows = List.of();
            while (Instant.now().isBefore(deadline)) {
                table.refresh();
                rows = read(table);
                if (rows.size() >= expected) {
                    Thread.sleep(1_500);
                    table.refresh();
                    return read(table);
                }
                Thread.sleep(200);
            }
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + expected + " bronze rows; the table holds " + rows.size());
        }
    }

    private static List<Record> read(Table table) throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> scan = IcebergGenerics.read(table).build()) {
            scan.forEach(rows::add);
        }
        return rows;
    }

    private static WindowCount failOnFirstBoom(WindowCount count) {
        if ("boom".equals(count.type) && FAIL_ON_BOOM.compareAndSet(true, false)) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure: window output written, not yet committed");
        }
        return count;
    }

    private static void awaitInjectedFailure() throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (INJECTED_FAILURES.get() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the injected failure did not happen within " + WAIT.toSeconds() + " s (no count of boom was emitted)");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the read-committed output holds `expected`, then checks it holds exactly that, in order (a duplicate fails). */
    private static void awaitCommitted(String topic, String... expected) throws Exception {
        List<String> want = List.of(expected);
        List<ConsumerRecord<byte[], byte[]>> records = awaitRecords(topic, read -> counts(read).size() >= want.size());
        assertThat(counts(records)).containsExactlyElementsOf(want);
    }

    private static Configuration flinkConfiguration() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("checkpoints").toUri().toString());
        config.setString("execution.checkpointing.interval", "300ms");
        config.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return config;
    }

    /** The job's settings the way the platform passes them: its environment. */
    private static JobSettings settings() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(lake.env());
        env.put("BRONZE_TABLE", BRONZE);
        env.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_USERNAME", USER,
                "KAFKA_PASSWORD", kafka.password(USER),
                "KAFKA_CA_CERT", kafka.caPem(),
                "INPUT_TOPIC", INPUT,
                "OUTPUT_TOPIC", OUTPUT,
                "DEAD_LETTER_TOPIC", DEAD_LETTERS,
                "KAFKA_GROUP_ID", GROUP,
                "TRANSACTIONAL_ID_PREFIX", TRANSACTIONAL_ID_PREFIX));
        return JobSettings.from(env,
                new String[] {"--window-seconds", "10", "--max-out-of-orderness-seconds", "2", "--allowed-lateness-seconds", "5"});
    }

    private static String event(String type, int second) {
        return "{\"eventId\":\"id-" + type + "-" + second + "\",\"type\":\"" + type + "\",\"payload\":{},\"receivedAt\":\"" + T0.plusSeconds(second) + "\"}";
    }

    private static void send(String... values) throws Exception {
        Properties props = kafka.client("admin");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(INPUT, value)).get();
            }
        }
    }

    /** Polls `topic` from the start, read committed, until `done` holds for everything read, or fails after WAIT. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) throws Exception {
        Properties props = kafka.client("admin");
        props.setProperty("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(250)).forEach(records::add);
                if (done.test(records)) {
                    // Anything committed right behind (a duplicate would be) arrives within this poll.
                    consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
                    return records;
                }
            }
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s on " + topic + "; read: " + describe(records));
    }

    /** Output records as "type@windowStartMillisFromT0=count", in topic order. */
    private static List<String> counts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            String type = json.replaceAll(".*\"type\":\"([^\"]*)\".*", "$1");
            long start = Long.parseLong(json.replaceAll(".*\"windowStart\":(\\d+).*", "$1")) - T0.toEpochMilli();
            long count = Long.parseLong(json.replaceAll(".*\"count\":(\\d+).*", "$1"));
            return type + "@" + start + "=" + count;
        }).collect(Collectors.toList());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String describe(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8)).collect(Collectors.joining(" | "));
    }
}
