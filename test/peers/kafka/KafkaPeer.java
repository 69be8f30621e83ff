import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests, on loopback, for as long as its standard input stays open.
 *
 * <p>One KRaft node (broker and controller) configured like the platform's client listener: SASL_SSL
 * with SCRAM-SHA-512, a server certificate from a CA made for this run, the StandardAuthorizer with
 * the admin user as the only super user (every other user needs ACLs, as on the platform), and
 * single-node replication settings so transactions work. When the broker answers an admin client
 * over that listener, one line goes to standard output:
 *
 * <pre>KAFKA_PEER_READY {"bootstrapServers":..,"saslMechanism":..,"username":..,"password":..,"caFile":..,"users":{..}}</pre>
 *
 * <p>Closing standard input (or the parent dying) shuts the broker down cleanly. Run through
 * {@code test/peers/kafka/start}, which puts Kafka's own artifacts (from Maven Central) on the
 * classpath. Arguments: {@code --dir DIR} (work directory; required) and {@code --user NAME} (a
 * SCRAM user with a generated password; repeatable).
 */
public final class KafkaPeer {
    static final String MECHANISM = "SCRAM-SHA-512";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> options = parse(args);
        Path dir = Path.of(single(options, "--dir")).toAbsolutePath();
        Files.createDirectories(dir);
        // Kafka logs to a file in the work directory; standard output carries only the ready line.
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + dir.resolve("server.log"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                ""));
        System.setProperty("log4j2.configurationFile", log4j.toString());

        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", password());
        for (String user : options.getOrDefault("--user", List.of())) {
            if (!user.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("--user " + user + ": expected letters, digits, '.', '_' or '-'");
            }
            users.put(user, password());
        }

        Path caFile = Tls.create(dir);
        int clientPort = freePort();
        int controllerPort = freePort();
        Path data = dir.resolve("data");
        Properties server = new Properties();
        server.setProperty("process.roles", "broker,controller");
        server.setProperty("node.id", "1");
        server.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        server.setProperty("listeners", "CLIENTS://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        server.setProperty("advertised.listeners", "CLIENTS://127.0.0.1:" + clientPort);
        server.setProperty("listener.security.protocol.map", "CLIENTS:SASL_SSL,CONTROLLER:PLAINTEXT");
        server.setProperty("controller.listener.names", "CONTROLLER");
        server.setProperty("inter.broker.listener.name", "CLIENTS");
        server.setProperty("sasl.enabled.mechanisms", MECHANISM);
        server.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        server.setProperty("listener.name.clients.scram-sha-512.sasl.jaas.config", jaas("admin", users.get("admin")));
        server.setProperty("ssl.keystore.type", "PKCS12");
        server.setProperty("ssl.keystore.location", dir.resolve("broker.p12").toString());
        server.setProperty("ssl.keystore.password", Tls.STORE_PASSWORD);
        server.setProperty("ssl.truststore.type", "PEM");
        server.setProperty("ssl.truststore.location", caFile.toString());
        server.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener is loopback PLAINTEXT between the node and itself.
        server.setProperty("super.users", "User:admin;User:ANONYMOUS");
        server.setProperty("allow.everyone.if.no.acl.found", "false");
        server.setProperty("log.dirs", data.toString());
        server.setProperty("num.partitions", "1");
        server.setProperty("offsets.topic.replication.factor", "1");
        server.setProperty("transaction.state.log.replication.factor", "1");
        server.setProperty("transaction.state.log.min.isr", "1");
        server.setProperty("share.coordinator.state.topic.replication.factor", "1");
        server.setProperty("share.coordinator.state.topic.min.isr", "1");
        server.setProperty("group.initial.rebalance.delay.ms", "0");
        server.setProperty("auto.create.topics.enable", "false");
        Path serverProperties = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(serverProperties)) {
            server.store(out, "Kafka test peer");
        }

        List<String> format = new ArrayList<>(List.of("format", "--config", serverProperties.toString(), "--cluster-id", Uuid.randomUuid().toString()));
        for (Map.Entry<String, String> user : users.entrySet()) {
            format.add("--add-scram");
            format.add(MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]");
        }
        int formatted = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.err);
        if (formatted != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + formatted + "; see " + dir.resolve("server.log"));
        }

        // kafka.Kafka runs the node until the JVM exits (its shutdown hook stops it cleanly).
        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {serverProperties.toString()}), "kafka-peer");
        broker.setDaemon(true);
        broker.start();

        String bootstrap = "127.0.0.1:" + clientPort;
        awaitReady(bootstrap, users.get("admin"), caFile, dir);

        Map<String, String> others = new LinkedHashMap<>(users);
        others.remove("admin");
        System.out.println("KAFKA_PEER_READY " + json(Map.of(
                "bootstrapServers", bootstrap,
                "securityProtocol", "SASL_SSL",
                "saslMechanism", MECHANISM,
                "username", "admin",
                "password", users.get("admin"),
                "caFile", caFile.toString(),
                "logFile", dir.resolve("server.log").toString(),
                "users", others)));
        System.out.flush();

        // Until the parent closes our standard input (or dies): then a clean shutdown.
        InputStream stdin = System.in;
        while (stdin.read() >= 0) {
            // Input is ignored; only its end matters.
        }
        System.exit(0);
    }

    /** Properties of a client authenticating as `user` (SASL_SSL, SCRAM-SHA-512, the run's CA). */
    static Properties client(String bootstrap, String user, String password, Path caFile) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrap);
        props.setProperty("security.protocol", "SASL_SSL");
        props.setProperty("sasl.mechanism", MECHANISM);
        props.setProperty("sasl.jaas.config", jaas(user, password));
        props.setProperty("ssl.truststore.type", "PEM");
        props.setProperty("ssl.truststore.certificates", Files.readString(caFile));
        return props;
    }

    private static void awaitReady(String bootstrap, String password, Path caFile, Path dir) throws Exception {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Properties props = client(bootstrap, "admin", password, caFile);
        props.setProperty("request.timeout.ms", "5000");
        props.setProperty("default.api.timeout.ms", "5000");
        Exception last = null;
        // A fresh client per attempt: one created before the listener is up can loop on rebootstrap.
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = Admin.create(props)) {
                if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Kafka did not answer an admin client on " + bootstrap + " within " + READY_TIMEOUT.toSeconds()
                + " s (last error: " + last + "); see " + dir.resolve("server.log"));
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments: expected --dir DIR [--user NAME ...], got " + String.join(" ", args));
            }
            options.computeIfAbsent(args[i], key -> new ArrayList<>()).add(args[i + 1]);
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        if (values == null || values.size() != 1) {
            throw new IllegalArgumentException(name + ": expected exactly one value");
        }
        return values.get(0);
    }

    @SuppressWarnings("unchecked")
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> json(String.valueOf(e.getKey())) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** A CA for this run and a broker certificate it signs (localhost, 127.0.0.1), made with the JDK's keytool. */
    static final class Tls {
        static final String STORE_PASSWORD = "peer-" + password();

        static Path create(Path dir) throws IOException, InterruptedException {
            Path ca = dir.resolve("ca.p12");
            Path broker = dir.resolve("broker.p12");
            Path caPem = dir.resolve("ca.pem");
            Path csr = dir.resolve("broker.csr");
            Path brokerPem = dir.resolve("broker.pem");
            String san = "SAN=dns:localhost,ip:127.0.0.1";
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=kafka-peer-ca", "-ext", "bc:c",
                    "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12");
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                    "-keystore", broker.toString(), "-storetype", "PKCS12");
            keytool("-certreq", "-alias", "broker", "-keystore", broker.toString(), "-file", csr.toString());
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile", brokerPem.toString(),
                    "-validity", "2", "-ext", san, "-ext", "eku=serverAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", broker.toString(), "-file", caPem.toString());
            keytool("-importcert", "-noprompt", "-alias", "broker", "-keystore", broker.toString(), "-file", brokerPem.toString());
            return caPem;
        }

        private static void keytool(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            command.addAll(List.of("-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        }
    }
}
