/**
 * Validates Kubernetes objects against the Kubernetes OpenAPI schemas (kubernetes-models; the Flink
 * operator's CRD schemas for FlinkDeployment; Strimzi's for Kafka, KafkaNodePool and KafkaUser). The packages are ES modules only, so they are loaded
 * with a real dynamic import (TypeScript's CommonJS output would turn `import()` into `require`).
 */
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

interface Model {
    validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** The model module of an apiVersion: core `v1`, `apps/v1`, CRD groups from their own packages. */
function modulePath(apiVersion: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "flink.apache.org") {
        return `@kubernetes-models/flink/${group}/${version}`;
    }
    if (group === "monitoring.coreos.com") {
        return `@kubernetes-models/prometheus-operator/${group}/${version}`;
    }
    if (group === "kafka.strimzi.io") {
        return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}`;
    }
    return group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
}

/** The schema problems of one object; an unknown apiVersion/kind is a problem too. */
export async function schemaProblems(object: { apiVersion?: string; kind?: string }): Promise<string[]> {
    const { kind } = object;
    let { apiVersion } = object;
    if (!apiVersion || !kind) {
        return ["no apiVersion or kind"];
    }
    // Azure managed Prometheus serves the Prometheus operator's PodMonitor under its own group.
    if (apiVersion.startsWith("azmonitoring.coreos.com/")) {
        apiVersion = apiVersion.replace("azmonitoring.", "monitoring.");
        object = { ...object, apiVersion };
    }
    let Model: ModelClass | undefined;
    try {
        Model = (await importModule(modulePath(apiVersion)))[kind] as ModelClass | undefined;
    } catch (error) {
        return [`no schema for ${apiVersion}: ${(error as Error).message}`];
    }
    if (!Model) {
        return [`no schema for ${apiVersion} ${kind}`];
    }
    try {
        new Model(object).validate();
        return [];
    } catch (error) {
        return [(error as Error).message];
    }
}
