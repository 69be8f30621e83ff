package com.example.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
    private static Map<String, String> platformEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "platform-kafka-bootstrap.kafka.svc:9093");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_USERNAME", "svc-event-count");
        env.put("KAFKA_PASSWORD", "pa\"ss");
        env.put("KAFKA_CA_CERT", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        env.put("INPUT_TOPIC", "web.event.received");
        env.put("OUTPUT_TOPIC", "web.event.counted");
        env.put("DEAD_LETTER_TOPIC", "web.event.received.event-count.dlt");
        env.put("KAFKA_GROUP_ID", "event-count");
        env.put("TRANSACTIONAL_ID_PREFIX", "event-count");
        env.put("ICEBERG_CATALOG_URI", "http://lakekeeper.lakehouse.svc:8181/catalog");
        env.put("ICEBERG_WAREHOUSE", "lake");
        env.put("BRONZE_TABLE", "bronze.events");
        return env;
    }

    @Test
    void readsThePlatformsEnvironmentWithDefaults() {
        JobSettings settings = JobSettings.from(platformEnv(), new String[0]);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.kafkaSecurity())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc-event-count\" password=\"pa\\\"ss\";");
    }

    @Test
    void argumentsOverrideTheEnvironment() {
        JobSettings settings = JobSettings.from(platformEnv(), new String[] {"--window-seconds", "10", "--allowed-lateness-seconds", "0"});
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.allowedLateness()).isZero();
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheSettingTheValueAndTheFix() {
        Map<String, String> env = platformEnv();
        env.remove("INPUT_TOPIC");
        env.remove("KAFKA_PASSWORD");
        env.put("KAFKA_CA_CERT", "not a certificate");
        assertThatThrownBy(() -> JobSettings.from(env, new String[] {"--window-seconds", "0", "--max-out-of-orderness-seconds", "soon", "stray"}))
                .isInstanceOfSatisfying(JobSettings.InvalidSettings.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "argument stray: expected --<setting> <value> pairs, e.g. --window-seconds 60",
                        "INPUT_TOPIC is not set: expected a non-empty value; set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --input-topic",
                        "KAFKA_PASSWORD is not set: expected a non-empty value; set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --kafka-password",
                        "KAFKA_CA_CERT: expected PEM certificates (-----BEGIN CERTIFICATE-----); set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --kafka-ca-cert",
                        "WINDOW_SECONDS=0: expected whole seconds from 1 to 86400 (default 60); set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --window-seconds",
                        "MAX_OUT_OF_ORDERNESS_SECONDS=soon: expected whole seconds from 0 to 3600 (default 5); set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --max-out-of-orderness-seconds"))
                .hasMessageStartingWith("invalid event-count job settings (6):");
    }

    @Test
    void readsTheLakeSettingsAndReportsTheirProblemsWithTheOthers() {
        JobSettings settings = JobSettings.from(platformEnv(), new String[0]);
        assertThat(settings.lake().uri()).isEqualTo("http://lakekeeper.lakehouse.svc:8181/catalog");
        assertThat(settings.lake().warehouse()).isEqualTo("lake");
        assertThat(settings.bronzeTable()).isEqualTo("bronze.events");

        Map<String, String> env = platformEnv();
        env.put("ICEBERG_CATALOG_URI", "ftp://catalog");
        env.remove("ICEBERG_WAREHOUSE");
        env.put("BRONZE_TABLE", "Events");
        assertThatThrownBy(() -> JobSettings.from(env, new String[0]))
                .isInstanceOfSatisfying(JobSettings.InvalidSettings.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ICEBERG_CATALOG_URI=ftp://catalog: expected an http(s) URI",
                        "ICEBERG_WAREHOUSE is not set: expected the catalog's warehouse name (Lakekeeper) or location; the platform sets it",
                        "BRONZE_TABLE=Events: expected <namespace>.<table> in lower-case snake_case, e.g. bronze.events; set it in the FlinkDeployment's environment (infra/workloads.ts FLINK_JOBS) or pass --bronze-table"));
    }

    @Test
    void rejectsAnUnknownSaslMechanism() {
        Map<String, String> env = platformEnv();
        env.put("KAFKA_SASL_MECHANISM", "GSSAPI");
        assertThatThrownBy(() -> JobSettings.from(env, new String[0]))
                .hasMessageContaining("KAFKA_SASL_MECHANISM=GSSAPI: expected one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN");
    }
}
