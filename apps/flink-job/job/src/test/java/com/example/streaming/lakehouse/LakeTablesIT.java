package com.example.streaming.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.streaming.RealRestCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table tools against a real Iceberg REST catalog server: the declarations in
 * apps/flink-job/tables created idempotently, safe changes applied, unsafe ones refused naming the
 * column, and maintenance dropping expired partitions, compacting, expiring snapshots and deleting
 * only unreferenced, old files.
 */
class LakeTablesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static RealRestCatalog server;
    private static RESTCatalog catalog;

    @BeforeAll
    static void start() throws Exception {
        server = RealRestCatalog.start(tmp.resolve("catalog"));
        catalog = server.lake().open();
    }

    @AfterAll
    static void stop() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static List<TableSpec> declared() throws Exception {
        return TableSpec.readAll(Path.of(System.getProperty("tables.dir")));
    }

    /** A declaration of the repository's bronze table under another name, edited by `edit`. */
    private static TableSpec variant(String name, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(new File(System.getProperty("tables.dir"), "bronze.events.json"));
        json.put("name", name);
        edit.accept(json);
        return TableSpec.parse(name + ".json", json);
    }

    private static ObjectNode column(ObjectNode json, String name) {
        for (var c : json.withArray("columns")) {
            if (c.path("name").asText().equals(name)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void createsTheDeclaredTablesOnceAndThenFindsThemUpToDate() throws Exception {
        List<TableSpec> specs = declared();
        assertThat(TableSync.sync(catalog, specs)).contains("created namespace bronze", "created table bronze.events");
        Table table = catalog.loadTable(TableIdentifier.of("bronze", "events"));
        TableSpec bronze = specs.get(0);
        assertThat(table.schema().sameSchema(bronze.schema())).as("the live schema is the declared one, ids included").isTrue();
        assertThat(table.spec().fields()).hasSize(1);
        assertThat(table.spec().fields().get(0).transform().toString()).isEqualTo("day");
        assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "zstd");
        assertThat(((org.apache.iceberg.BaseTable) table).operations().current().formatVersion()).isEqualTo(2);

        assertThat(TableSync.sync(catalog, specs)).containsExactly("bronze.events: up to date");
    }

    @Test
    void appliesSafeChangesKeepingFieldIds() throws Exception {
        TableSpec before = variant("evolving", json -> { });
        TableSync.sync(catalog, List.of(before));
        TableSpec after = variant("evolving", json -> {
            column(json, "payload").put("name", "body");
            column(json, "kafka_topic").put("required", false);
            ArrayNode columns = json.withArray("columns");
            columns.addObject().put("id", 9).put("name", "source_ip").put("type", "string").put("required", false);
            json.with("properties").put("commit.retry.num-retries", "12");
        });
        assertThat(TableSync.sync(catalog, List.of(after))).contains(
                "bronze.evolving: add column source_ip string",
                "bronze.evolving: rename column payload to body",
                "bronze.evolving: make column kafka_topic optional",
                "bronze.evolving: set commit.retry.num-retries=12");
        Table table = catalog.loadTable(TableIdentifier.of("bronze", "evolving"));
        assertThat(table.schema().findField("body").fieldId()).isEqualTo(5);
        assertThat(table.schema().findField("source_ip").fieldId()).isEqualTo(9);
        assertThat(table.schema().findField("kafka_topic").isOptional()).isTrue();
        assertThat(TableSync.sync(catalog, List.of(after))).containsExactly("bronze.evolving: up to date");
    }

    @Test
    void refusesUnsafeChangesNamingEachColumnAndChangesNothing() throws Exception {
        TableSync.sync(catalog, List.of(variant("guarded", json -> { })));
        Table table = catalog.loadTable(TableIdentifier.of("bronze", "guarded"));
        int schemaId = table.schema().schemaId();
        TableSpec breaking = variant("guarded", json -> {
            column(json, "kafka_offset").put("type", "string");
            column(json, "event_id").put("required", true);
            ArrayNode columns = json.withArray("columns");
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).path("name").asText().equals("event_key")) {
                    columns.remove(i);
                    break;
                }
            }
            columns.addObject().put("id", 9).put("name", "tenant").put("type", "string").put("required", true);
        });
        assertThatThrownBy(() -> TableSync.sync(catalog, List.of(breaking)))
                .hasMessageContaining("refused table changes (4)")
                .hasMessageContaining("column kafka_offset changes type from long to string")
                .hasMessageContaining("column event_id becomes required")
                .hasMessageContaining("column event_key (id 4) is in the table but no longer declared")
                .hasMessageContaining("new column tenant is required");
        assertThat(catalog.loadTable(TableIdentifier.of("bronze", "guarded")).schema().schemaId()).isEqualTo(schemaId);
    }

    @Test
    void maintenanceDropsExpiredPartitionsCompactsExpiresSnapshotsAndDeletesOnlyOldOrphans() throws Exception {
        TableSync.sync(catalog, List.of(variant("kept", json -> { })));
        Table table = catalog.loadTable(TableIdentifier.of("bronze", "kept"));
        Instant now = Instant.now();
        // Noon of each day: rows minutes apart stay in one day partition whatever time the test runs
        // (from 23:55 UTC on, "now - 2 days" plus 5 minutes fell on the next day: two partitions of
        // one file each, nothing to compact).
        OffsetDateTime old = now.minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC);
        OffsetDateTime recent = now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC);
        // Three commits: an expired day, and two small files of a recent day.
        append(table, List.of(row(table, 0, old), row(table, 1, old.plusMinutes(1))));
        append(table, List.of(row(table, 2, recent)));
        append(table, List.of(row(table, 3, recent.plusMinutes(5))));
        table.updateProperties().set("history.expire.max-snapshot-age-ms", "1").set("history.expire.min-snapshots-to-keep", "1").commit();
        table.refresh();
        Set<String> referencedBefore = TableMaintenance.reachableFiles(table);

        // Files nothing references: one written long ago (an aborted write), one a moment ago (in flight).
        Path data = Path.of(java.net.URI.create(table.location() + "/data"));
        Path oldOrphan = Files.writeString(Files.createDirectories(data).resolve("aborted.parquet"), "x");
        assertThat(oldOrphan.toFile().setLastModified(now.minus(Duration.ofDays(5)).toEpochMilli())).isTrue();
        Path youngOrphan = Files.writeString(data.resolve("in-flight.parquet"), "y");

        Thread.sleep(5);
        TableMaintenance.Report report = TableMaintenance.run(table, Optional.of(30), Duration.ofHours(72), now);

        table.refresh();
        assertThat(offsets(table)).as("rows older than 30 days are gone, the others kept").containsExactlyInAnyOrder(2L, 3L);
        assertThat(report.filesRewritten()).as("the recent day's two small files were compacted").isEqualTo(2);
        assertThat(count(table.snapshots())).as("history expired down to the minimum").isEqualTo(1);
        assertThat(report.snapshotsExpired()).isGreaterThanOrEqualTo(4);
        assertThat(report.partitionsDroppedBefore()).isEqualTo(now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS).toEpochMilli());
        assertThat(report.orphansDeleted()).hasSize(1);
        assertThat(oldOrphan).doesNotExist();
        assertThat(youngOrphan).as("a file younger than the minimum age may be a write in flight").exists();
        for (String file : TableMaintenance.reachableFiles(table)) {
            assertThat(Path.of(file)).as("every file the table references still exists").exists();
        }
        assertThat(referencedBefore).isNotEmpty();
        // Running it again changes nothing that matters: same rows, nothing more to delete.
        TableMaintenance.Report again = TableMaintenance.run(table, Optional.of(30), Duration.ofHours(72), now);
        assertThat(again.orphansDeleted()).isEmpty();
        assertThat(offsets(table)).containsExactlyInAnyOrder(2L, 3L);
    }

    private static GenericRecord row(Table table, long offset, OffsetDateTime receivedAt) {
        GenericRecord record = GenericRecord.create(table.schema());
        record.setField("event_id", "e" + offset);
        record.setField("type", "click");
        record.setField("received_at", receivedAt);
        record.setField("payload", "{}");
        record.setField("kafka_topic", "web.event.received");
        record.setField("kafka_partition", 0);
        record.setField("kafka_offset", offset);
        return record;
    }

    /** Appends rows of one partition as one data file, one commit. */
    private static void append(Table table, List<GenericRecord> rows) throws Exception {
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET).build();
        DataWriter<Record> writer = new GenericAppenderFactory(table.schema(), table.spec()).newDataWriter(files.newOutputFile(table.spec(), key), FileFormat.PARQUET, key);
        try (writer) {
            rows.forEach(writer::write);
        }
        DataFile file = writer.toDataFile();
        table.newAppend().appendFile(file).commit();
    }

    private static List<Long> offsets(Table table) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            rows.forEach(r -> offsets.add((Long) r.getField("kafka_offset")));
        }
        return offsets;
    }

    private static long count(Iterable<?> items) {
        return StreamSupport.stream(items.spliterator(), false).count();
    }
}
