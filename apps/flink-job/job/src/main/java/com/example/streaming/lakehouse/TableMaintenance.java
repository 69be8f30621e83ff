package com.example.streaming.lakehouse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.actions.Actions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * The lake's housekeeping, the Iceberg way (a Blob lifecycle rule under a table would delete
 * files its metadata still references, and corrupt it). Per declared table, in this order:
 * <ol>
 * <li>retention: rows older than the table's layer retention (RETENTION_DAYS_BRONZE, ...; unset
 *     keeps them) are deleted, whole partitions at a time (the cutoff is the start of a UTC day,
 *     the table must be partitioned by a time transform of a timestamp column);</li>
 * <li>compaction: small data files rewritten into target-size ones (Flink's rewrite action, in
 *     this JVM);</li>
 * <li>snapshot expiry: snapshots older than the table's history.expire.max-snapshot-age-ms
 *     (keeping history.expire.min-snapshots-to-keep) expire, and the files only they referenced
 *     are deleted;</li>
 * <li>orphan files: files under the table's location that no snapshot or metadata references and
 *     older than ORPHAN_MIN_AGE_HOURS (the platform gives 72: longer than any write in flight) are deleted.</li>
 * </ol>
 */
public final class TableMaintenance {
    private TableMaintenance() {}

    /** What one run did to one table. */
    public record Report(String table, long partitionsDroppedBefore, long filesRewritten, int snapshotsExpired, List<String> orphansDeleted) {
        @Override
        public String toString() {
            return table + ": retention cutoff " + (partitionsDroppedBefore == 0 ? "none" : Instant.ofEpochMilli(partitionsDroppedBefore).toString())
                    + ", " + filesRewritten + " data files rewritten, " + snapshotsExpired + " snapshots expired, " + orphansDeleted.size() + " orphan files deleted";
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<TableSpec> specs = TableSpec.fromEnvironment(env);
        Map<String, Integer> retention = retentionDays(env);
        Duration orphanMinAge = orphanMinAge(env);
        try (RESTCatalog catalog = LakeCatalog.from(env).open()) {
            for (TableSpec spec : specs) {
                Table table = catalog.loadTable(spec.identifier());
                System.out.println(run(table, Optional.ofNullable(retention.get(spec.layer())), orphanMinAge, Instant.now()));
            }
        }
    }

    /** RETENTION_DAYS_<LAYER> for each layer that has one; every bad value reported at once. */
    public static Map<String, Integer> retentionDays(Map<String, String> env) {
        Map<String, Integer> days = new java.util.HashMap<>();
        List<String> problems = new ArrayList<>();
        for (String layer : TableSpec.LAYERS) {
            String name = "RETENTION_DAYS_" + layer.toUpperCase(Locale.ROOT);
            String raw = env.get(name);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= 1) {
                    days.put(layer, value);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(name + "=" + raw + ": expected whole days, 1 or more (unset keeps the layer's rows); the platform sets it from the stack's lakeRetentionDays");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return days;
    }

    /** ORPHAN_MIN_AGE_HOURS, which the platform sets (24 or more: a younger unreferenced file may be a write in flight). */
    static Duration orphanMinAge(Map<String, String> env) {
        String raw = env.getOrDefault("ORPHAN_MIN_AGE_HOURS", "").trim();
        try {
            long hours = Long.parseLong(raw);
            if (hours >= 24) {
                return Duration.ofHours(hours);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("ORPHAN_MIN_AGE_HOURS=" + raw + ": expected whole hours, 24 or more (a younger unreferenced file may be a write in flight); the platform sets it");
    }

    /** One maintenance run over one table, as of `now`. */
    public static Report run(Table table, Optional<Integer> retentionDays, Duration orphanMinAge, Instant now) throws Exception {
        long cutoff = 0;
        if (retentionDays.isPresent()) {
            cutoff = now.minus(Duration.ofDays(retentionDays.get())).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
            String column = timePartitionColumn(table);
            // Whole partitions only (the cutoff is a day boundary and the table is partitioned by
            // time): a metadata-only delete, no data file rewritten.
            table.newDelete().deleteFromRowFilter(Expressions.lessThan(column, cutoff * 1000)).commit();
        }
        long rewritten = compact(table);
        table.refresh();
        int before = count(table.snapshots());
        table.expireSnapshots().commit();
        table.refresh();
        int expired = before - count(table.snapshots());
        List<String> orphans = deleteOrphans(table, now.minus(orphanMinAge));
        return new Report(table.name(), cutoff, rewritten, expired, orphans);
    }

    private static long compact(Table table) {
        if (table.currentSnapshot() == null) {
            return 0;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        return Actions.forTable(env, table).rewriteDataFiles().execute().deletedDataFiles().size();
    }

    /** The source column of the table's time partition (year, month, day or hour of a timestamp). */
    static String timePartitionColumn(Table table) {
        for (PartitionField field : table.spec().fields()) {
            String transform = field.transform().toString();
            Types.NestedField source = table.schema().findField(field.sourceId());
            if (transform.matches("year|month|day|hour") && source.type() instanceof Types.TimestampType) {
                return source.name();
            }
        }
        throw new IllegalStateException(table.name() + " has a retention but no time partition (year, month, day or hour of a timestamp column), so old rows cannot be dropped partition by partition; partition it by time or unset the layer's retention");
    }

    /** Deletes files under the table's location that nothing references and that are older than `olderThan`. */
    static List<String> deleteOrphans(Table table, Instant olderThan) throws IOException {
        if (!(table.io() instanceof SupportsPrefixOperations io)) {
            throw new IllegalStateException(table.name() + ": its FileIO " + table.io().getClass().getName() + " cannot list files, so orphan files cannot be found");
        }
        Set<String> reachable = reachableFiles(table);
        List<String> deleted = new ArrayList<>();
        for (FileInfo file : io.listPrefix(table.location())) {
            if (file.createdAtMillis() < olderThan.toEpochMilli() && !reachable.contains(normalize(file.location()))) {
                io.deleteFile(file.location());
                deleted.add(file.location());
            }
        }
        return deleted;
    }

    /** Every file the table's metadata references: metadata files, manifest lists, manifests, data and delete files, statistics. */
    static Set<String> reachableFiles(Table table) throws IOException {
        TableMetadata metadata = ((HasTableOperations) table).operations().current();
        Set<String> files = new HashSet<>();
        files.add(normalize(metadata.metadataFileLocation()));
        metadata.previousFiles().forEach(entry -> files.add(normalize(entry.file())));
        for (StatisticsFile statistics : table.statisticsFiles()) {
            files.add(normalize(statistics.path()));
        }
        table.partitionStatisticsFiles().forEach(statistics -> files.add(normalize(statistics.path())));
        for (Snapshot snapshot : table.snapshots()) {
            files.add(normalize(snapshot.manifestListLocation()));
            for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                if (!files.add(normalize(manifest.path()))) {
                    continue;
                }
                if (manifest.content() == ManifestContent.DATA) {
                    try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io())) {
                        paths.forEach(path -> files.add(normalize(path)));
                    }
                } else {
                    try (var deletes = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                        deletes.forEach(file -> files.add(normalize(file.location())));
                    }
                }
            }
        }
        return files;
    }

    /** One spelling per file: `file:/x`, `file:///x` and `/x` are the same local file. */
    static String normalize(String location) {
        String path = location;
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
            while (path.startsWith("//")) {
                path = path.substring(1);
            }
        }
        return path;
    }

    private static int count(Iterable<Snapshot> snapshots) {
        int n = 0;
        for (Snapshot ignored : snapshots) {
            n++;
        }
        return n;
    }

}
