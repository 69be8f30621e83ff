package com.example.streaming.lakehouse;

import com.example.streaming.EventInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A valid event as a row of the bronze table, in the live table's column order. The job knows
 * how to fill the columns below; a column it does not know is left null if the table allows it,
 * and {@link #forSchema} refuses a schema with a required column it cannot fill (naming it), so a
 * declaration the job cannot honour fails the job's start, not its first write.
 */
public final class EventRow implements MapFunction<EventInput, RowData> {
    private static final long serialVersionUID = 1L;

    private record Source(Type.TypeID type, Function<EventInput, Object> value) {}

    private static final Map<String, Source> SOURCES = Map.of(
            "event_id", new Source(Type.TypeID.STRING, e -> string(e.eventId)),
            "type", new Source(Type.TypeID.STRING, e -> string(e.type)),
            "received_at", new Source(Type.TypeID.TIMESTAMP, e -> TimestampData.fromEpochMillis(e.eventTime)),
            "event_key", new Source(Type.TypeID.STRING, e -> e.key == null ? null : StringData.fromBytes(e.key)),
            "payload", new Source(Type.TypeID.STRING, e -> e.value == null ? null : StringData.fromBytes(e.value)),
            "kafka_topic", new Source(Type.TypeID.STRING, e -> string(e.topic)),
            "kafka_partition", new Source(Type.TypeID.INTEGER, e -> e.partition),
            "kafka_offset", new Source(Type.TypeID.LONG, e -> e.offset));

    /** Column names in the table's order; null where the job leaves the column empty. */
    private final String[] columns;

    private EventRow(String[] columns) {
        this.columns = columns;
    }

    /** The conversion for a live schema, or an error naming every column the job cannot fill. */
    public static EventRow forSchema(String table, Schema schema) {
        List<String> problems = new ArrayList<>();
        String[] columns = new String[schema.columns().size()];
        int i = 0;
        for (Types.NestedField field : schema.columns()) {
            Source source = SOURCES.get(field.name());
            if (source != null && source.type() == field.type().typeId()) {
                columns[i] = field.name();
            } else if (field.isRequired()) {
                problems.add(table + ": required column " + field.name() + " (" + field.type() + ") has no source in the job"
                        + (source == null ? "" : " of that type (the job writes it as " + source.type().toString().toLowerCase() + ")")
                        + "; the job fills " + String.join(", ", SOURCES.keySet().stream().sorted().toList()) + ": make the column optional or teach EventRow its source");
            }
            i++;
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
        return new EventRow(columns);
    }

    @Override
    public RowData map(EventInput input) {
        GenericRowData row = new GenericRowData(columns.length);
        for (int i = 0; i < columns.length; i++) {
            row.setField(i, columns[i] == null ? null : SOURCES.get(columns[i]).value().apply(input));
        }
        return row;
    }

    private static StringData string(String value) {
        return value == null ? null : StringData.fromString(value);
    }
}
