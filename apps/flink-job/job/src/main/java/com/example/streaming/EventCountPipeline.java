package com.example.streaming;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import com.example.streaming.lakehouse.EventRow;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * The event-count topology: events from Kafka (read committed) into the bronze Iceberg table,
 * watermarks per partition with
 * bounded out-of-orderness, event-time tumbling windows per type with allowed lateness, counts to
 * the output topic and unreadable or too-late events to the input's dead-letter topic, both sinks
 * transactional (exactly once, committed with each checkpoint).
 */
public final class EventCountPipeline {
    /** Records that cannot be counted: not JSON, no type, a bad receivedAt. */
    static final OutputTag<EventInput> INVALID = new OutputTag<>("invalid", TypeInformation.of(EventInput.class));
    /** Events whose window closed longer than the allowed lateness ago. */
    static final OutputTag<EventInput> LATE = new OutputTag<>("late", TypeInformation.of(EventInput.class));
    /** Under the brokers' transaction.max.timeout.ms (15 min by default), above checkpoint interval plus recovery. */
    static final int TRANSACTION_TIMEOUT_MS = 900_000;

    /** Headers of a dead-lettered record: the same names the worker uses (apps/worker). */
    static final String REASON_HEADER = "x-dead-letter-reason";

    private EventCountPipeline() {}

    /**
     * Adds the topology to `env`. `beforeCountsSink` sees the counts on their way to the sink, in
     * the same task (tests inject failures there); the job passes the identity.
     */
    public static void build(StreamExecutionEnvironment env, JobSettings settings, UnaryOperator<DataStream<WindowCount>> beforeCountsSink) {
        DataStream<EventInput> inputs = env.fromSource(source(settings), watermarks(settings), "events").uid("events-source");

        SingleOutputStreamOperator<EventInput> valid = inputs.process(new SplitInvalid()).name("split-invalid").uid("split-invalid");
        bronzeSink(valid, settings);
        SingleOutputStreamOperator<WindowCount> counts = valid
                .keyBy(input -> input.type)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(LATE)
                .aggregate(new Count(), new ToWindowCount())
                .name("count-per-type")
                .uid("count-per-type");
        beforeCountsSink.apply(counts).sinkTo(countsSink(settings)).name("counts-sink").uid("counts-sink");

        DataStream<EventInput> late = counts.getSideOutput(LATE).process(new MarkLate(settings)).name("mark-late").uid("mark-late");
        valid.getSideOutput(INVALID).union(late).sinkTo(deadLetterSink(settings)).name("dead-letter-sink").uid("dead-letter-sink");
    }

    /**
     * Every valid event as a row of the bronze table, through the REST catalog: Iceberg's sink
     * writes data files as events arrive and commits them with each checkpoint (exactly once: a
     * restart replays from the checkpoint and the committer skips what that checkpoint committed).
     * The table's live schema decides the row layout ({@link EventRow}).
     */
    static void bronzeSink(DataStream<EventInput> valid, JobSettings settings) {
        TableIdentifier table = TableIdentifier.parse(settings.bronzeTable());
        Schema schema;
        try (RESTCatalog catalog = settings.lake().open()) {
            schema = catalog.loadTable(table).schema();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("the bronze table " + table + " is not in the catalog at " + settings.lake().uri()
                    + " (warehouse " + settings.lake().warehouse() + "): the platform's table-sync Job creates it before the job starts; check that Job's log", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DataStream<RowData> rows = valid.map(EventRow.forSchema(table.toString(), schema), InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
                .name("to-bronze-row").uid("to-bronze-row");
        FlinkSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(settings.lake().loader(), table))
                .uidPrefix("bronze-sink")
                .append();
    }

    static KafkaSource<EventInput> source(JobSettings settings) {
        Properties props = new Properties();
        props.putAll(settings.kafkaSecurity());
        // Only what producers committed: the api's records, and no aborted transaction's.
        props.setProperty("isolation.level", "read_committed");
        return KafkaSource.<EventInput>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(settings.inputTopic())
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new Parse())
                .setProperties(props)
                .build();
    }

    /** Per-partition watermarks (the source applies them per split) with bounded out-of-orderness; idle partitions do not hold time back. */
    static WatermarkStrategy<EventInput> watermarks(JobSettings settings) {
        return WatermarkStrategy.<EventInput>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((input, kafkaTimestamp) -> input.eventTime)
                .withIdleness(settings.sourceIdleness());
    }

    static KafkaSink<WindowCount> countsSink(JobSettings settings) {
        String topic = settings.outputTopic();
        KafkaRecordSerializationSchema<WindowCount> serializer = (count, context, timestamp) ->
                new ProducerRecord<>(topic, null, count.windowEnd, count.key().getBytes(StandardCharsets.UTF_8), count.toJson().getBytes(StandardCharsets.UTF_8));
        return transactionalSink(settings, "counts", serializer);
    }

    static KafkaSink<EventInput> deadLetterSink(JobSettings settings) {
        String topic = settings.deadLetterTopic();
        String group = settings.groupId();
        KafkaRecordSerializationSchema<EventInput> serializer = (input, context, timestamp) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, utf8(input.invalidReason));
            headers.add("x-original-topic", utf8(input.topic));
            headers.add("x-original-partition", utf8(String.valueOf(input.partition)));
            headers.add("x-original-offset", utf8(String.valueOf(input.offset)));
            headers.add("x-consumer-group", utf8(group));
            return new ProducerRecord<>(topic, null, null, input.key, input.value, headers);
        };
        return transactionalSink(settings, "dead-letters", serializer);
    }

    private static <T> KafkaSink<T> transactionalSink(JobSettings settings, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties props = new Properties();
        props.putAll(settings.kafkaSecurity());
        props.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT_MS));
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // Stable across restarts and upgrades (the job's ACLs allow this prefix only).
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + name)
                .build();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Kafka record to EventInput (never fails: an unreadable record becomes an invalid input). */
    static final class Parse implements KafkaRecordDeserializationSchema<EventInput> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EventInput> out) {
            out.collect(EventInput.parse(record.key(), record.value(), record.timestamp(), record.topic(), record.partition(), record.offset()));
        }

        @Override
        public TypeInformation<EventInput> getProducedType() {
            return TypeInformation.of(EventInput.class);
        }
    }

    /** Valid events go on, invalid ones to the INVALID side output; counts both (metrics eventsAccepted, eventsInvalid). */
    static final class SplitInvalid extends ProcessFunction<EventInput, EventInput> {
        private transient Counter accepted;
        private transient Counter invalid;

        @Override
        public void open(OpenContext context) {
            accepted = getRuntimeContext().getMetricGroup().counter("eventsAccepted");
            invalid = getRuntimeContext().getMetricGroup().counter("eventsInvalid");
        }

        @Override
        public void processElement(EventInput input, Context context, Collector<EventInput> out) {
            if (input.valid()) {
                accepted.inc();
                out.collect(input);
            } else {
                invalid.inc();
                context.output(INVALID, input);
            }
        }
    }

    /** A late event, with the reason it is dead-lettered (metric eventsLate). */
    static final class MarkLate extends ProcessFunction<EventInput, EventInput> {
        private final long windowMillis;
        private final long latenessMillis;
        private transient Counter late;

        MarkLate(JobSettings settings) {
            this.windowMillis = settings.window().toMillis();
            this.latenessMillis = settings.allowedLateness().toMillis();
        }

        @Override
        public void open(OpenContext context) {
            late = getRuntimeContext().getMetricGroup().counter("eventsLate");
        }

        @Override
        public void processElement(EventInput input, Context context, Collector<EventInput> out) {
            late.inc();
            long windowEnd = TimeWindow.getWindowStartWithOffset(input.eventTime, 0, windowMillis) + windowMillis;
            input.invalidReason = "late: event time " + Instant.ofEpochMilli(input.eventTime) + " is in the window ending " + Instant.ofEpochMilli(windowEnd)
                    + ", closed for good " + latenessMillis + " ms after its end (watermark " + Instant.ofEpochMilli(context.timerService().currentWatermark()) + ")";
            out.collect(input);
        }
    }

    /** Counts a window's events. */
    static final class Count implements AggregateFunction<EventInput, Long, Long> {
        @Override public Long createAccumulator() { return 0L; }
        @Override public Long add(EventInput value, Long count) { return count + 1; }
        @Override public Long getResult(Long count) { return count; }
        @Override public Long merge(Long a, Long b) { return a + b; }
    }

    /** A window's count as a WindowCount (metric windowCountsEmitted, including late updates). */
    static final class ToWindowCount extends ProcessWindowFunction<Long, WindowCount, String, TimeWindow> {
        private transient Counter emitted;

        @Override
        public void open(OpenContext context) {
            emitted = getRuntimeContext().getMetricGroup().counter("windowCountsEmitted");
        }

        @Override
        public void process(String type, Context context, Iterable<Long> counts, Collector<WindowCount> out) {
            emitted.inc();
            out.collect(new WindowCount(type, context.window().getStart(), context.window().getEnd(), counts.iterator().next()));
        }
    }
}
