package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TableSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRepositorysDeclarationsParseIntoIcebergSchemasWithTheirIds() throws Exception {
        List<TableSpec> specs = TableSpec.readAll(Path.of(System.getProperty("tables.dir")));
        TableSpec bronze = specs.stream().filter(s -> s.qualifiedName().equals("bronze.events")).findFirst().orElseThrow();
        Schema schema = bronze.schema();
        assertThat(schema.findField("received_at").type()).isEqualTo(Types.TimestampType.withZone());
        assertThat(schema.findField("kafka_offset").fieldId()).isEqualTo(8);
        assertThat(schema.findField("event_id").isOptional()).isTrue();
        assertThat(bronze.partitionSpec(schema).fields().get(0).transform().toString()).isEqualTo("day");
        // The job can fill every required column of the declared table.
        EventRow.forSchema(bronze.qualifiedName(), schema);
    }

    @Test
    void reportsEveryProblemOfADeclarationAtOnce() throws Exception {
        String json = """
                {"namespace": "Bronze", "name": "events", "layer": "platinum",
                 "columns": [
                   {"id": 1, "name": "a", "type": "string"},
                   {"id": 1, "name": "b", "type": "varchar"},
                   {"id": 0, "name": "C", "type": "decimal(10,2)"}],
                 "partitionBy": [{"column": "missing", "transform": "week"}],
                 "properties": {"format-version": "1"}}""";
        assertThatThrownBy(() -> TableSpec.parse("bad.json", JSON.readTree(json)))
                .isInstanceOfSatisfying(TableSpec.InvalidSpec.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "bad.json: namespace \"Bronze\": expected lower-case snake_case",
                        "bad.json: layer \"platinum\": expected one of bronze, gold, silver (it picks the retention)",
                        "bad.json: column b: id 1 is used twice; give each column its own id",
                        "bad.json: column b: type \"varchar\": expected boolean, int, long, float, double, decimal(P,S), date, timestamp, timestamptz, string, uuid or binary",
                        "bad.json: column C: id 0: expected a positive whole number, never reused",
                        "bad.json: column C: name \"C\": expected lower-case snake_case",
                        "bad.json: partitionBy column \"missing\" is not a column of the table",
                        "bad.json: partitionBy transform \"week\": expected identity, year, month, day, hour, bucket[N] or truncate[W]",
                        "bad.json: properties.format-version \"1\": expected \"2\" (row-level deletes, the lake's format)"));
    }
}
