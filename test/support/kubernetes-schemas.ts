/**
 * Validates Kubernetes objects against the Kubernetes OpenAPI schemas (kubernetes-models; the Flink
 * operator's CRD schemas for FlinkDeployment; Strimzi's for Kafka, KafkaNodePool and KafkaUser; the
 * Secrets Store CSI driver's CRD for SecretProviderClass). The packages are ES modules only, so they are loaded
 * with a real dynamic import (TypeScript's CommonJS output would turn `import()` into `require`).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";

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

/**
 * CRDs no kubernetes-models package covers, from their project's Go module (the Go module proxy
 * serves the repository's files; `go mod download` caches them): group -> module, CRD file.
 */
const CRD_MODULES: Readonly<Record<string, { readonly module: string; readonly file: string }>> = {
    // The Secrets Store CSI driver's SecretProviderClass (AKS's Key Vault provider add-on serves v1).
    "secrets-store.csi.x-k8s.io": { module: "sigs.k8s.io/secrets-store-csi-driver@v1.5.3", file: "config/crd/bases/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml" },
};
const crdValidators = new Map<string, (object: unknown) => string[]>();

/** A validator of `kind` at `version` from the CRD's openAPIV3Schema (ajv; Kubernetes' x- keywords ignored). */
function crdValidator(group: string, version: string, kind: string): ((object: unknown) => string[]) | undefined {
    const source = CRD_MODULES[group];
    if (!source) return undefined;
    const key = `${group}/${version}/${kind}`;
    let validate = crdValidators.get(key);
    if (!validate) {
        const download = JSON.parse(execFileSync("go", ["mod", "download", "-json", source.module], { cwd: os.tmpdir(), encoding: "utf8" })) as { Dir?: string; Error?: string };
        if (!download.Dir) throw new Error(`go mod download ${source.module}: ${download.Error}`);
        const crd = parseYaml(fs.readFileSync(path.join(download.Dir, source.file), "utf8"));
        if (crd?.spec?.names?.kind !== kind) throw new Error(`${source.file} defines ${crd?.spec?.names?.kind}, not ${kind}`);
        const served = (crd.spec.versions as { name: string; schema: { openAPIV3Schema: object } }[]).find((v) => v.name === version);
        if (!served) throw new Error(`${source.file} serves no ${version}`);
        const compiled = new Ajv({ strict: false, allErrors: true }).compile(served.schema.openAPIV3Schema);
        validate = (object) => (compiled(object) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));
        crdValidators.set(key, validate);
    }
    return validate;
}

/** The schema problems of one object; an unknown apiVersion/kind is a problem too. */
export async function schemaProblems(object: { apiVersion?: string; kind?: string }): Promise<string[]> {
    const { kind } = object;
    let { apiVersion } = object;
    if (!apiVersion || !kind) {
        return ["no apiVersion or kind"];
    }
    const [group, version] = apiVersion.split("/");
    if (group in CRD_MODULES) {
        const validate = crdValidator(group, version, kind);
        return validate ? validate(object) : [`no schema for ${apiVersion} ${kind}`];
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
