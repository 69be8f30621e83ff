package com.example.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker for a test class: the project's Kafka peer (test/peers/kafka/start), on
 * loopback, SASL_SSL with SCRAM-SHA-512 and a CA made for the run, ACLs enforced. Stops when closed
 * (its standard input closes), or with this JVM.
 */
final class RealKafka implements AutoCloseable {
    private static final long READY_SECONDS = 240;

    private final Process process;
    private final JsonNode ready;

    private RealKafka(Process process, JsonNode ready) {
        this.process = process;
        this.ready = ready;
    }

    /** Starts a broker with the given SCRAM users (besides the super user admin). */
    static RealKafka start(Path dir, String... users) throws Exception {
        String peers = System.getProperty("peers.dir");
        if (peers == null) {
            throw new IllegalStateException("system property peers.dir is not set: run the tests through Maven (mvn -f apps/flink-job verify)");
        }
        Path start = Path.of(peers, "kafka", "start").toAbsolutePath().normalize();
        if (!Files.isExecutable(start)) {
            throw new IllegalStateException("the Kafka peer " + start + " is missing or not executable");
        }
        List<String> command = new ArrayList<>(List.of(start.toString(), "--dir", dir.toString()));
        for (String user : users) {
            command.addAll(List.of("--user", user));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
                    if (next.startsWith("KAFKA_PEER_READY ")) {
                        return next.substring("KAFKA_PEER_READY ".length());
                    }
                }
                return null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String json;
        try {
            json = line.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Kafka peer was not ready within " + READY_SECONDS + " s; see " + dir.resolve("server.log"));
        }
        if (json == null) {
            throw new IllegalStateException("the Kafka peer exited with " + process.waitFor() + " before it was ready; see its output above and " + dir.resolve("server.log"));
        }
        return new RealKafka(process, new ObjectMapper().readTree(json));
    }

    String bootstrapServers() {
        return ready.get("bootstrapServers").asText();
    }

    String caPem() throws IOException {
        return Files.readString(Path.of(ready.get("caFile").asText()));
    }

    String password(String user) {
        return "admin".equals(user) ? ready.get("password").asText() : ready.get("users").get(user).asText();
    }

    /** Client properties authenticating as `user`: SASL_SSL, SCRAM-SHA-512, trusting the run's CA. */
    Properties client(String user) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers());
        props.setProperty("security.protocol", "SASL_SSL");
        props.setProperty("sasl.mechanism", ready.get("saslMechanism").asText());
        props.setProperty("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password(user) + "\";");
        props.setProperty("ssl.truststore.type", "PEM");
        props.setProperty("ssl.truststore.certificates", caPem());
        return props;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
