package com.example.streaming.lakehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Brings the catalog to the declarations, idempotently: creates a missing namespace or table,
 * applies safe schema changes and declared properties to an existing one, and refuses (exit 1,
 * naming the table and column) a change that would break the table's readers or writers. Runs as
 * the platform's deploy-time Job with the declarations mounted (TABLES_DIR) and the catalog from
 * the environment ({@link LakeCatalog}).
 */
public final class TableSync {
    private TableSync() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<TableSpec> specs = TableSpec.fromEnvironment(env);
        WarehouseSetup warehouse = WarehouseSetup.from(env);
        if (warehouse != null) {
            warehouse.ensure().forEach(System.out::println);
        }
        try (RESTCatalog catalog = LakeCatalog.from(env).open()) {
            for (String line : sync(catalog, specs)) {
                System.out.println(line);
            }
        }
    }

    /** Syncs every declaration; returns what it did, one line each; throws listing every refused change. */
    public static List<String> sync(RESTCatalog catalog, List<TableSpec> specs) {
        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (TableSpec spec : specs) {
            Namespace namespace = Namespace.of(spec.namespace());
            if (!catalog.namespaceExists(namespace)) {
                // A mutable map: the REST client asks it for null keys, which Map.of refuses.
                catalog.createNamespace(namespace, new java.util.HashMap<>(Map.of("layer", spec.layer())));
                done.add("created namespace " + spec.namespace());
            }
            if (!catalog.tableExists(spec.identifier())) {
                Schema schema = spec.schema();
                catalog.buildTable(spec.identifier(), schema)
                        .withPartitionSpec(spec.partitionSpec(schema))
                        .withProperties(spec.properties())
                        .withProperty("comment", spec.doc())
                        .create();
                done.add("created table " + spec.qualifiedName());
                continue;
            }
            Table table = catalog.loadTable(spec.identifier());
            int lastColumnId = ((BaseTable) table).operations().current().lastColumnId();
            SchemaChanges changes = SchemaChanges.plan(table.schema(), table.spec(), lastColumnId, spec);
            if (!changes.compatible()) {
                refused.addAll(changes.incompatible());
                continue;
            }
            changes.apply(table);
            changes.changes().forEach(change -> done.add(spec.qualifiedName() + ": " + change));
            UpdateProperties properties = table.updateProperties();
            boolean any = false;
            for (Map.Entry<String, String> property : spec.properties().entrySet()) {
                // format-version is the table's own (an upgrade is a separate, deliberate step).
                if (!property.getKey().equals("format-version") && !property.getValue().equals(table.properties().get(property.getKey()))) {
                    properties.set(property.getKey(), property.getValue());
                    done.add(spec.qualifiedName() + ": set " + property.getKey() + "=" + property.getValue());
                    any = true;
                }
            }
            if (any) {
                properties.commit();
            }
            if (changes.changes().isEmpty() && !any) {
                done.add(spec.qualifiedName() + ": up to date");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("refused table changes (" + refused.size() + "); nothing was changed in those tables:\n  - " + String.join("\n  - ", refused));
        }
        return done;
    }
}
