package com.example.streaming.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One lake table as declared in apps/flink-job/tables/*.json (the program plans the same files):
 * namespace, name, layer (which retention applies), columns with stable field ids, the partition
 * transforms and the table properties. Parsing reports every problem of a file at once.
 */
public record TableSpec(String namespace, String name, String layer, String doc, List<Column> columns, List<PartitionField> partitionBy, Map<String, String> properties) {

    /** A column: Iceberg identifies it by its id, so a rename keeps the id and a new column takes a new one. */
    public record Column(int id, String name, String type, boolean required, String doc) {}

    /** A partition field: a column and an Iceberg transform (identity, year, month, day, hour, bucket[N], truncate[W]). */
    public record PartitionField(String column, String transform) {}

    public static final Set<String> LAYERS = Set.of("bronze", "silver", "gold");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern WIDTH = Pattern.compile("(bucket|truncate)\\[(\\d+)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    public TableIdentifier identifier() {
        return TableIdentifier.of(Namespace.of(namespace), name);
    }

    /** `namespace.name`, as the catalog and the error messages say it. */
    public String qualifiedName() {
        return namespace + "." + name;
    }

    /** The Iceberg schema, field ids as declared. */
    public Schema schema() {
        List<Types.NestedField> fields = new ArrayList<>();
        for (Column column : columns) {
            fields.add(column.required()
                    ? Types.NestedField.required(column.id(), column.name(), type(column.type()), column.doc())
                    : Types.NestedField.optional(column.id(), column.name(), type(column.type()), column.doc()));
        }
        return new Schema(fields);
    }

    /** The partition spec over {@link #schema()}. */
    public PartitionSpec partitionSpec(Schema schema) {
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (PartitionField field : partitionBy) {
            Matcher width = WIDTH.matcher(field.transform());
            switch (field.transform()) {
                case "identity" -> builder.identity(field.column());
                case "year" -> builder.year(field.column());
                case "month" -> builder.month(field.column());
                case "day" -> builder.day(field.column());
                case "hour" -> builder.hour(field.column());
                default -> {
                    if (!width.matches()) {
                        throw new IllegalStateException("unvalidated transform " + field.transform());
                    }
                    int n = Integer.parseInt(width.group(2));
                    if (width.group(1).equals("bucket")) {
                        builder.bucket(field.column(), n);
                    } else {
                        builder.truncate(field.column(), n);
                    }
                }
            }
        }
        return builder.build();
    }

    /** The declarations in TABLES_DIR, where the platform mounts them (components/lakehouse/table-jobs-plan.ts). */
    public static List<TableSpec> fromEnvironment(Map<String, String> env) throws IOException {
        String dir = env.getOrDefault("TABLES_DIR", "").trim();
        if (dir.isEmpty()) {
            throw new IllegalArgumentException("TABLES_DIR is not set: expected the directory of the table declarations (*.json); the platform mounts them and sets it");
        }
        return readAll(Path.of(dir));
    }

    /** Reads every `*.json` of a directory, in name order; throws listing every problem of every file. */
    public static List<TableSpec> readAll(Path dir) throws IOException {
        List<TableSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    specs.add(parse(file.getFileName().toString(), JSON.readTree(file.toFile())));
                } catch (InvalidSpec e) {
                    problems.addAll(e.problems);
                }
            }
        }
        if (specs.isEmpty() && problems.isEmpty()) {
            problems.add(dir + ": no table declarations (*.json); mount the tables ConfigMap there");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        return specs;
    }

    /** Parses one declaration; `source` names it in messages. */
    public static TableSpec parse(String source, JsonNode json) {
        List<String> problems = new ArrayList<>();
        String namespace = identifier(json, "namespace", source, problems);
        String name = identifier(json, "name", source, problems);
        String layer = text(json, "layer");
        if (!LAYERS.contains(layer)) {
            problems.add(source + ": layer \"" + layer + "\": expected one of " + String.join(", ", LAYERS.stream().sorted().toList()) + " (it picks the retention)");
        }
        List<Column> columns = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        JsonNode columnsNode = json.path("columns");
        if (!columnsNode.isArray() || columnsNode.isEmpty()) {
            problems.add(source + ": columns: expected a non-empty array of {id, name, type, required, doc}");
        }
        for (JsonNode c : columnsNode) {
            String where = source + ": column " + c.path("name").asText("?");
            int id = c.path("id").asInt(0);
            if (!c.path("id").isInt() || id < 1) {
                problems.add(where + ": id " + c.path("id") + ": expected a positive whole number, never reused");
            } else if (!ids.add(id)) {
                problems.add(where + ": id " + id + " is used twice; give each column its own id");
            }
            String columnName = c.path("name").asText("");
            if (!IDENTIFIER.matcher(columnName).matches()) {
                problems.add(where + ": name \"" + columnName + "\": expected lower-case snake_case");
            } else if (!names.add(columnName)) {
                problems.add(where + ": the name is used twice");
            }
            String type = c.path("type").asText("");
            try {
                type(type);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
            columns.add(new Column(id, columnName, type, c.path("required").asBoolean(false), c.path("doc").asText(null)));
        }
        List<PartitionField> partitionBy = new ArrayList<>();
        for (JsonNode p : json.path("partitionBy")) {
            String column = p.path("column").asText("");
            String transform = p.path("transform").asText("");
            if (!names.contains(column)) {
                problems.add(source + ": partitionBy column \"" + column + "\" is not a column of the table");
            }
            if (!transform.matches("identity|year|month|day|hour") && !WIDTH.matcher(transform).matches()) {
                problems.add(source + ": partitionBy transform \"" + transform + "\": expected identity, year, month, day, hour, bucket[N] or truncate[W]");
            }
            partitionBy.add(new PartitionField(column, transform));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        json.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        if (!"2".equals(properties.get("format-version"))) {
            problems.add(source + ": properties.format-version \"" + properties.get("format-version") + "\": expected \"2\" (row-level deletes, the lake's format)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(problems);
        }
        return new TableSpec(namespace, name, layer, json.path("doc").asText(""), List.copyOf(columns), List.copyOf(partitionBy), java.util.Collections.unmodifiableMap(properties));
    }

    /** An Iceberg primitive type by its spec name. */
    public static Type type(String name) {
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            return Types.DecimalType.of(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (name) {
            case "boolean" -> Types.BooleanType.get();
            case "int" -> Types.IntegerType.get();
            case "long" -> Types.LongType.get();
            case "float" -> Types.FloatType.get();
            case "double" -> Types.DoubleType.get();
            case "date" -> Types.DateType.get();
            case "timestamp" -> Types.TimestampType.withoutZone();
            case "timestamptz" -> Types.TimestampType.withZone();
            case "string" -> Types.StringType.get();
            case "uuid" -> Types.UUIDType.get();
            case "binary" -> Types.BinaryType.get();
            default -> throw new IllegalArgumentException("type \"" + name + "\": expected boolean, int, long, float, double, decimal(P,S), date, timestamp, timestamptz, string, uuid or binary");
        };
    }

    private static String text(JsonNode json, String field) {
        return json.path(field).asText("");
    }

    private static String identifier(JsonNode json, String field, String source, List<String> problems) {
        String value = text(json, field);
        if (!IDENTIFIER.matcher(value).matches()) {
            problems.add(source + ": " + field + " \"" + value + "\": expected lower-case snake_case");
        }
        return value;
    }

    /** Every problem of one or more declarations. */
    public static final class InvalidSpec extends IllegalArgumentException {
        private final List<String> problems;

        InvalidSpec(List<String> problems) {
            super("invalid table declarations (" + problems.size() + "):\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
