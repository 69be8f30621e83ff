package com.example.streaming.lakehouse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * What it takes to bring a live table to its declaration, and what cannot be done safely. The
 * program checks the same rules at preview against the last deployed declaration
 * (components/lakehouse/table-plan.ts); this is the check against the table itself, at deploy.
 *
 * <p>Safe: a new optional column (taking the next field id), a rename (same id), a widening
 * (int to long, float to double, a decimal's precision up), required to optional, a new doc.
 * Refused: a new required column, optional to required, any other type change, a column dropped
 * from the declaration, a new column whose id is not the next one, a different partitioning.
 */
public record SchemaChanges(List<String> incompatible, List<String> changes, List<Step> steps) {

    /** One schema update. */
    public sealed interface Step permits Add, Rename, Widen, MakeOptional, Document {}
    public record Add(String name, Type type, String doc) implements Step {}
    public record Rename(String from, String to) implements Step {}
    public record Widen(String name, Type.PrimitiveType to) implements Step {}
    public record MakeOptional(String name) implements Step {}
    public record Document(String name, String doc) implements Step {}

    public boolean compatible() {
        return incompatible.isEmpty();
    }

    public static SchemaChanges plan(Schema live, PartitionSpec liveSpec, int lastColumnId, TableSpec declared) {
        List<String> incompatible = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        String table = declared.qualifiedName();
        Schema wanted = declared.schema();
        Set<Integer> declaredIds = wanted.columns().stream().map(Types.NestedField::fieldId).collect(Collectors.toSet());

        for (Types.NestedField now : live.columns()) {
            if (!declaredIds.contains(now.fieldId())) {
                incompatible.add(table + ": column " + now.name() + " (id " + now.fieldId() + ") is in the table but no longer declared: keep it declared (optional, if writers stop filling it); dropping a column is a deliberate catalog operation, not a deploy");
            }
        }
        int nextId = lastColumnId + 1;
        List<Types.NestedField> added = wanted.columns().stream().filter(f -> live.findField(f.fieldId()) == null).sorted(Comparator.comparingInt(Types.NestedField::fieldId)).toList();
        for (Types.NestedField add : added) {
            if (add.fieldId() != nextId) {
                incompatible.add(table + ": new column " + add.name() + " has id " + add.fieldId() + ", expected " + nextId + ": new columns take the next ids in order (the table's last id is " + lastColumnId + ")");
            }
            nextId++;
            if (add.isRequired()) {
                incompatible.add(table + ": new column " + add.name() + " is required: existing rows have no value for it; declare it \"required\": false");
            } else {
                steps.add(new Add(add.name(), add.type(), add.doc()));
                changes.add("add column " + add.name() + " " + add.type());
            }
        }
        for (Types.NestedField want : wanted.columns()) {
            Types.NestedField now = live.findField(want.fieldId());
            if (now == null) {
                continue;
            }
            if (!now.name().equals(want.name())) {
                steps.add(new Rename(now.name(), want.name()));
                changes.add("rename column " + now.name() + " to " + want.name());
            }
            if (!now.type().equals(want.type())) {
                if (widens(now.type(), want.type())) {
                    steps.add(new Widen(now.name(), want.type().asPrimitiveType()));
                    changes.add("widen column " + want.name() + " from " + now.type() + " to " + want.type());
                } else {
                    incompatible.add(table + ": column " + want.name() + " changes type from " + now.type() + " to " + want.type() + ": only int to long, float to double and a decimal's precision up are safe; add a new column instead");
                }
            }
            if (now.isOptional() && want.isRequired()) {
                incompatible.add(table + ": column " + want.name() + " becomes required: rows already written may hold nulls; keep it optional");
            } else if (now.isRequired() && want.isOptional()) {
                steps.add(new MakeOptional(now.name()));
                changes.add("make column " + want.name() + " optional");
            }
            if (!Objects.equals(now.doc(), want.doc()) && want.doc() != null) {
                steps.add(new Document(now.name(), want.doc()));
                changes.add("document column " + want.name());
            }
        }
        String livePartitioning = describe(liveSpec);
        String wantedPartitioning = declared.partitionBy().stream().map(p -> p.transform() + "(" + p.column() + ")").collect(Collectors.joining(", "));
        if (!livePartitioning.equals(wantedPartitioning)) {
            incompatible.add(table + ": partitioning changes from [" + livePartitioning + "] to [" + wantedPartitioning + "]: partition evolution is not applied by a deploy; evolve it deliberately with the catalog's API and then declare the result");
        }
        return new SchemaChanges(List.copyOf(incompatible), List.copyOf(changes), List.copyOf(steps));
    }

    /** Applies the steps in one schema commit (renames last, so the others name the columns as they were). */
    public void apply(Table table) {
        if (steps.isEmpty()) {
            return;
        }
        UpdateSchema update = table.updateSchema();
        for (Step step : steps) {
            if (step instanceof Add add) {
                update.addColumn(add.name(), add.type(), add.doc());
            } else if (step instanceof Widen widen) {
                update.updateColumn(widen.name(), widen.to());
            } else if (step instanceof MakeOptional optional) {
                update.makeColumnOptional(optional.name());
            } else if (step instanceof Document doc) {
                update.updateColumnDoc(doc.name(), doc.doc());
            }
        }
        for (Step step : steps) {
            if (step instanceof Rename rename) {
                update.renameColumn(rename.from(), rename.to());
            }
        }
        update.commit();
    }

    static boolean widens(Type from, Type to) {
        if (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG) {
            return true;
        }
        if (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        if (from instanceof Types.DecimalType a && to instanceof Types.DecimalType b) {
            return a.scale() == b.scale() && b.precision() > a.precision();
        }
        return false;
    }

    /** A spec as the declarations write it: `day(received_at), bucket[16](id)`. */
    static String describe(PartitionSpec spec) {
        return spec.fields().stream()
                .map(f -> f.transform().toString() + "(" + spec.schema().findColumnName(f.sourceId()) + ")")
                .collect(Collectors.joining(", "));
    }
}
