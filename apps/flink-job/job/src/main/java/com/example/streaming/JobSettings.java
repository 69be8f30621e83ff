package com.example.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import com.example.streaming.lakehouse.LakeCatalog;

/**
 * The job's settings, from the environment (the FlinkDeployment's pod template) overridden by
 * arguments ({@code --window-seconds 60} sets WINDOW_SECONDS). Every problem is reported at once,
 * naming the setting, the value, what was expected and how to fix it.
 */
public record JobSettings(
        String bootstrapServers,
        String inputTopic,
        String outputTopic,
        String deadLetterTopic,
        String groupId,
        String transactionalIdPrefix,
        Duration window,
        Duration maxOutOfOrderness,
        Duration allowedLateness,
        Duration sourceIdleness,
        Properties kafkaSecurity,
        LakeCatalog lake,
        String bronzeTable) {

    /** Where a setting's documentation lives, for error messages. */
    static final String FIX = "set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --%s";

    public static final List<String> SASL_MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    /** Reads and validates the settings; throws {@link InvalidSettings} listing every problem. */
    public static JobSettings from(Map<String, String> env, String[] args) {
        Map<String, String> values = new LinkedHashMap<>(env);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                problems.add("argument " + arg + ": expected --<setting> <value> pairs, e.g. --window-seconds 60");
                continue;
            }
            values.put(arg.substring(2).toUpperCase(Locale.ROOT).replace('-', '_'), args[++i]);
        }
        Reader read = new Reader(values, problems);
        String input = read.required("INPUT_TOPIC");
        String group = read.required("KAFKA_GROUP_ID");
        JobSettings settings = new JobSettings(
                read.required("KAFKA_BOOTSTRAP_SERVERS"),
                input,
                read.required("OUTPUT_TOPIC"),
                read.required("DEAD_LETTER_TOPIC"),
                group,
                read.required("TRANSACTIONAL_ID_PREFIX"),
                read.seconds("WINDOW_SECONDS", 60, 1, 86_400),
                read.seconds("MAX_OUT_OF_ORDERNESS_SECONDS", 5, 0, 3_600),
                read.seconds("ALLOWED_LATENESS_SECONDS", 30, 0, 86_400),
                read.seconds("SOURCE_IDLENESS_SECONDS", 30, 1, 3_600),
                read.security(),
                LakeCatalog.from(values, problems),
                read.tableName("BRONZE_TABLE"));
        if (!problems.isEmpty()) {
            throw new InvalidSettings(problems);
        }
        return settings;
    }

    /** Thrown with every problem of the settings. */
    public static final class InvalidSettings extends IllegalArgumentException {
        private final List<String> problems;

        InvalidSettings(List<String> problems) {
            super("invalid event-count job settings (" + problems.size() + "):\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final class Reader {
        private final Map<String, String> values;
        private final List<String> problems;

        Reader(Map<String, String> values, List<String> problems) {
            this.values = values;
            this.problems = problems;
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                problems.add(name + " is not set: expected a non-empty value; " + String.format(FIX, flag(name)));
                return "";
            }
            return value.trim();
        }

        /** `namespace.table`, lower-case snake_case parts. */
        String tableName(String name) {
            String value = required(name);
            if (!value.isEmpty() && !value.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
                problems.add(name + "=" + value + ": expected <namespace>.<table> in lower-case snake_case, e.g. bronze.events; " + String.format(FIX, flag(name)));
            }
            return value;
        }

        Duration seconds(String name, long fallback, long min, long max) {
            String raw = values.get(name);
            if (raw == null || raw.isBlank()) {
                return Duration.ofSeconds(fallback);
            }
            try {
                long value = Long.parseLong(raw.trim());
                if (value >= min && value <= max) {
                    return Duration.ofSeconds(value);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(name + "=" + raw + ": expected whole seconds from " + min + " to " + max + " (default " + fallback + "); " + String.format(FIX, flag(name)));
            return Duration.ofSeconds(fallback);
        }

        /** SASL over TLS when KAFKA_SASL_MECHANISM is set (the platform always sets it), trusting KAFKA_CA_CERT if given. */
        Properties security() {
            Properties props = new Properties();
            String mechanism = values.getOrDefault("KAFKA_SASL_MECHANISM", "").trim().toUpperCase(Locale.ROOT);
            if (mechanism.isEmpty()) {
                return props;
            }
            if (!SASL_MECHANISMS.contains(mechanism)) {
                problems.add("KAFKA_SASL_MECHANISM=" + mechanism + ": expected one of " + String.join(", ", SASL_MECHANISMS) + "; " + String.format(FIX, flag("KAFKA_SASL_MECHANISM")));
                return props;
            }
            String module = mechanism.startsWith("SCRAM")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            String user = required("KAFKA_USERNAME");
            String password = required("KAFKA_PASSWORD");
            props.setProperty("security.protocol", "SASL_SSL");
            props.setProperty("sasl.mechanism", mechanism);
            props.setProperty("sasl.jaas.config", module + " required username=\"" + escape(user) + "\" password=\"" + escape(password) + "\";");
            String ca = values.getOrDefault("KAFKA_CA_CERT", "");
            if (!ca.isBlank()) {
                if (!ca.contains("-----BEGIN CERTIFICATE-----")) {
                    problems.add("KAFKA_CA_CERT: expected PEM certificates (-----BEGIN CERTIFICATE-----); " + String.format(FIX, flag("KAFKA_CA_CERT")));
                }
                // The brokers' CA (e.g. Strimzi's cluster CA) as PEM: no keystore file needed.
                props.setProperty("ssl.truststore.type", "PEM");
                props.setProperty("ssl.truststore.certificates", ca);
            }
            return props;
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"");
        }

        private static String flag(String name) {
            return name.toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
