/**
 * Benchmark-only program for `npm run bench`: the floor under a stack's plan. It registers the
 * resources a recorded plan.json lists, with the same types, names, parents, providers and inputs,
 * each through its SDK's own resource class (`@pulumi/azure-native/<module>`, `@pulumi/kubernetes/
 * <group>/<version>`, ...), components as plain ComponentResources, and does nothing else: no
 * config, no planning, no validation, no wiring. The plan runner runs it like the real program, so
 * plan time / floor time is what the program's own logic and the policy analysis add. Never deployed.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly provider: string | null;
    readonly inputs: Record<string, unknown>;
}

type ResourceClass = new (name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/** Where a type token's class lives, per package (azure-native by submodule, never its root). */
function sdkClass(type: string): ResourceClass | undefined {
    const [pkg, module, name] = type.split(":");
    const load = (path: string) => (require(path) as Record<string, ResourceClass>)[name];
    if (pkg === "pulumi" && module === "providers") {
        const packages: Record<string, string> = { "azure-native": "@pulumi/azure-native/provider", kubernetes: "@pulumi/kubernetes/provider", kafka: "@pulumi/kafka/provider", random: "@pulumi/random/provider", "docker-build": "@pulumi/docker-build/provider", grafana: "@pulumiverse/grafana/provider" };
        return packages[name] ? (require(packages[name]) as { Provider: ResourceClass }).Provider : undefined;
    }
    switch (pkg) {
        case "azure-native":
            return load(`@pulumi/azure-native/${module}`);
        case "kubernetes":
            // kubernetes:<group>/<version>:<Kind>, the SDK's folder named by the group's first label
            // (networking.k8s.io/v1 -> networking/v1, helm.sh/v3 -> helm/v3); custom resources of other
            // groups have no folder and use CustomResource.
            try {
                const [group, version] = module.split("/");
                return load(`@pulumi/kubernetes/${group.split(".")[0]}/${version}`);
            } catch {
                return undefined;
            }
        case "kafka":
        case "random":
        case "docker-build":
            return load(`@pulumi/${pkg}`);
        case "grafana":
            return load("@pulumiverse/grafana");
        default:
            return undefined;
    }
}

/** A component as the program registers it: no inputs, outputs registered. */
class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string, parent: pulumi.Resource | undefined) {
        super(type, name, {}, { parent });
        this.registerOutputs({});
    }
}

/** A custom resource of a package without a class here, through the SDK's base class. */
class Custom extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
        super(type, name, inputs, opts);
    }
}

const plan = JSON.parse(fs.readFileSync(new pulumi.Config().require("plan"), "utf8")) as { resources: PlannedResource[] };
const created = new Map<string, pulumi.Resource>();
for (const r of plan.resources) {
    if (r.type === "pulumi:pulumi:Stack") {
        continue;
    }
    const parent = r.parent ? created.get(r.parent) : undefined;
    const provider = r.provider ? (created.get(r.provider) as pulumi.ProviderResource | undefined) : undefined;
    const opts = { parent, provider };
    const Class = sdkClass(r.type);
    let resource: pulumi.Resource;
    if (Class) {
        resource = new Class(r.name, r.inputs, opts);
    } else if (r.type.startsWith("kubernetes:")) {
        const { CustomResource } = require("@pulumi/kubernetes/apiextensions") as { CustomResource: ResourceClass };
        resource = new CustomResource(r.name, r.inputs, opts);
    } else if (r.type.split(":")[0] === "streaming-platform") {
        resource = new Component(r.type, r.name, parent);
    } else {
        resource = new Custom(r.type, r.name, r.inputs, opts);
    }
    created.set(r.urn, resource);
}
