package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class SchemaChangesTest {
    private static final Schema LIVE = new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.required(2, "at", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "n", Types.IntegerType.get()),
            Types.NestedField.optional(4, "price", Types.DecimalType.of(10, 2)));
    private static final PartitionSpec DAY = PartitionSpec.builderFor(LIVE).day("at").build();

    private static TableSpec declared(List<TableSpec.Column> columns, List<TableSpec.PartitionField> partitionBy) {
        return new TableSpec("bronze", "t", "bronze", "", columns, partitionBy, Map.of("format-version", "2"));
    }

    private static List<TableSpec.Column> columns(TableSpec.Column... extra) {
        List<TableSpec.Column> columns = new java.util.ArrayList<>(List.of(
                new TableSpec.Column(1, "id", "string", true, null),
                new TableSpec.Column(2, "at", "timestamptz", true, null),
                new TableSpec.Column(3, "n", "int", false, null),
                new TableSpec.Column(4, "price", "decimal(10,2)", false, null)));
        columns.addAll(List.of(extra));
        return columns;
    }

    private static final List<TableSpec.PartitionField> BY_DAY = List.of(new TableSpec.PartitionField("at", "day"));

    @Test
    void theSameDeclarationChangesNothing() {
        SchemaChanges changes = SchemaChanges.plan(LIVE, DAY, 4, declared(columns(), BY_DAY));
        assertThat(changes.compatible()).isTrue();
        assertThat(changes.steps()).isEmpty();
    }

    @Test
    void widensRenamesRelaxesAndAddsTheNextOptionalColumn() {
        List<TableSpec.Column> columns = List.of(
                new TableSpec.Column(1, "event_id", "string", false, null),
                new TableSpec.Column(2, "at", "timestamptz", true, null),
                new TableSpec.Column(3, "n", "long", false, null),
                new TableSpec.Column(4, "price", "decimal(12,2)", false, null),
                new TableSpec.Column(5, "note", "string", false, "new"));
        SchemaChanges changes = SchemaChanges.plan(LIVE, DAY, 4, declared(columns, BY_DAY));
        assertThat(changes.incompatible()).isEmpty();
        assertThat(changes.changes()).containsExactly(
                "add column note string", "rename column id to event_id", "make column event_id optional", "widen column n from int to long", "widen column price from decimal(10, 2) to decimal(12, 2)");
    }

    @Test
    void refusesEveryUnsafeChangeNamingTheColumn() {
        List<TableSpec.Column> columns = List.of(
                new TableSpec.Column(1, "id", "long", true, null),
                new TableSpec.Column(2, "at", "timestamptz", true, null),
                new TableSpec.Column(3, "n", "int", true, null),
                new TableSpec.Column(7, "skipped", "string", false, null),
                new TableSpec.Column(8, "tenant", "string", true, null));
        SchemaChanges changes = SchemaChanges.plan(LIVE, DAY, 4, declared(columns, List.of(new TableSpec.PartitionField("at", "hour"))));
        assertThat(changes.incompatible()).containsExactlyInAnyOrder(
                "bronze.t: column price (id 4) is in the table but no longer declared: keep it declared (optional, if writers stop filling it); dropping a column is a deliberate catalog operation, not a deploy",
                "bronze.t: new column skipped has id 7, expected 5: new columns take the next ids in order (the table's last id is 4)",
                "bronze.t: new column tenant has id 8, expected 6: new columns take the next ids in order (the table's last id is 4)",
                "bronze.t: new column tenant is required: existing rows have no value for it; declare it \"required\": false",
                "bronze.t: column id changes type from string to long: only int to long, float to double and a decimal's precision up are safe; add a new column instead",
                "bronze.t: column n becomes required: rows already written may hold nulls; keep it optional",
                "bronze.t: partitioning changes from [day(at)] to [hour(at)]: partition evolution is not applied by a deploy; evolve it deliberately with the catalog's API and then declare the result");
    }

    @Test
    void aDecimalMayGrowItsPrecisionButNotChangeItsScale() {
        assertThat(SchemaChanges.widens(Types.DecimalType.of(10, 2), Types.DecimalType.of(11, 2))).isTrue();
        assertThat(SchemaChanges.widens(Types.DecimalType.of(10, 2), Types.DecimalType.of(11, 3))).isFalse();
        assertThat(SchemaChanges.widens(Types.DecimalType.of(10, 2), Types.DecimalType.of(9, 2))).isFalse();
        assertThat(SchemaChanges.widens(Types.LongType.get(), Types.IntegerType.get())).isFalse();
    }
}
