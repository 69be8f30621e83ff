package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.streaming.EventInput;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class EventRowTest {
    private static EventInput input() {
        String value = "{\"eventId\":\"e-1\",\"type\":\"click\",\"receivedAt\":\"2026-01-01T00:00:01Z\"}";
        return EventInput.parse("user-1".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), 0L, "web.event.received", 2, 41L);
    }

    @Test
    void fillsTheColumnsInTheLiveTablesOrderAndLeavesUnknownOptionalOnesEmpty() {
        Schema schema = new Schema(
                Types.NestedField.required(8, "kafka_offset", Types.LongType.get()),
                Types.NestedField.optional(9, "added_later", Types.StringType.get()),
                Types.NestedField.required(2, "type", Types.StringType.get()),
                Types.NestedField.required(3, "received_at", Types.TimestampType.withZone()),
                Types.NestedField.optional(4, "event_key", Types.StringType.get()),
                Types.NestedField.optional(1, "event_id", Types.StringType.get()),
                Types.NestedField.required(7, "kafka_partition", Types.IntegerType.get()));
        RowData row = EventRow.forSchema("bronze.events", schema).map(input());
        assertThat(row.getLong(0)).isEqualTo(41L);
        assertThat(row.isNullAt(1)).isTrue();
        assertThat(row.getString(2).toString()).isEqualTo("click");
        assertThat(row.getTimestamp(3, 6)).isEqualTo(TimestampData.fromEpochMillis(1_767_225_601_000L));
        assertThat(row.getString(4).toString()).isEqualTo("user-1");
        assertThat(row.getString(5).toString()).isEqualTo("e-1");
        assertThat(row.getInt(6)).isEqualTo(2);
    }

    @Test
    void refusesARequiredColumnItCannotFillNamingItAndWhatItFills() {
        Schema schema = new Schema(
                Types.NestedField.required(1, "tenant", Types.StringType.get()),
                Types.NestedField.required(2, "kafka_offset", Types.StringType.get()));
        assertThatThrownBy(() -> EventRow.forSchema("bronze.events", schema))
                .hasMessageContaining("bronze.events: required column tenant (string) has no source in the job; the job fills event_id, event_key, kafka_offset, kafka_partition, kafka_topic, payload, received_at, type")
                .hasMessageContaining("bronze.events: required column kafka_offset (string) has no source in the job of that type (the job writes it as long)");
    }
}
