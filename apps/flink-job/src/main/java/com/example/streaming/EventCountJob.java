package com.example.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Counts platform events per type in one-minute windows: reads INPUT_TOPIC, writes
 * {"type", "count", "windowEnd"} records to OUTPUT_TOPIC. Kafka settings come from the environment
 * (the FlinkDeployment's pod template): KAFKA_BOOTSTRAP_SERVERS, and for SASL KAFKA_SASL_MECHANISM,
 * KAFKA_USERNAME, KAFKA_PASSWORD. Checkpointing, state backend and HA are the deployment's
 * configuration, not the job's, so the same jar runs in every environment.
 */
public final class EventCountJob {
    /** Window length of the counts. */
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private EventCountJob() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String bootstrap = required(env, "KAFKA_BOOTSTRAP_SERVERS");
        String input = required(env, "INPUT_TOPIC");
        String output = required(env, "OUTPUT_TOPIC");
        String group = env.getOrDefault("KAFKA_GROUP_ID", "event-count-job");
        Properties security = kafkaSecurity(env);

        StreamExecutionEnvironment flink = StreamExecutionEnvironment.getExecutionEnvironment();

        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(input)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperties(security)
                .build();

        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(security)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(output)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();

        DataStream<String> events = flink.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events-source");
        events.keyBy(EventCountJob::eventType)
                .window(TumblingProcessingTimeWindows.of(WINDOW))
                .aggregate(new Count(), new ToJson())
                .uid("count-per-type")
                .sinkTo(sink)
                .uid("counts-sink");

        flink.execute("event-count");
    }

    /** The "type" field of an event, or "unknown" for a record that has none. */
    static String eventType(String json) {
        int key = json.indexOf("\"type\"");
        if (key < 0) {
            return "unknown";
        }
        int open = json.indexOf('"', json.indexOf(':', key) + 1);
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        return open < 0 || close < 0 ? "unknown" : json.substring(open + 1, close);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    private static Properties kafkaSecurity(Map<String, String> env) {
        Properties props = new Properties();
        String mechanism = env.getOrDefault("KAFKA_SASL_MECHANISM", "");
        if (!mechanism.isEmpty()) {
            String module = mechanism.toUpperCase().startsWith("SCRAM")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            props.setProperty("security.protocol", "SASL_SSL");
            props.setProperty("sasl.mechanism", mechanism.toUpperCase());
            props.setProperty("sasl.jaas.config", module + " required username=\"" + required(env, "KAFKA_USERNAME")
                    + "\" password=\"" + required(env, "KAFKA_PASSWORD") + "\";");
            String ca = env.getOrDefault("KAFKA_CA_CERT", "");
            if (!ca.isEmpty()) {
                // Trust the brokers' CA (e.g. Strimzi's cluster CA) from PEM, no keystore file needed.
                props.setProperty("ssl.truststore.type", "PEM");
                props.setProperty("ssl.truststore.certificates", ca);
            }
        }
        return props;
    }

    /** Counts the records of a window. */
    static final class Count implements AggregateFunction<String, Long, Long> {
        @Override public Long createAccumulator() { return 0L; }
        @Override public Long add(String value, Long count) { return count + 1; }
        @Override public Long getResult(Long count) { return count; }
        @Override public Long merge(Long a, Long b) { return a + b; }
    }

    /** Renders one window's count as JSON. */
    static final class ToJson extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        @Override
        public void process(String type, Context context, Iterable<Long> counts, Collector<String> out) {
            long count = counts.iterator().next();
            out.collect("{\"type\":\"" + type.replace("\"", "") + "\",\"count\":" + count + ",\"windowEnd\":" + context.window().getEnd() + "}");
        }
    }
}
