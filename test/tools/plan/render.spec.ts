import * as assert from "node:assert/strict";
import { parse } from "yaml";
import type { RecordedResource } from "../../../tools/plan/recorder";
import { countByType, renderGraph, renderManifests, renderTree } from "../../../tools/plan/render";

function r(type: string, name: string, extra: Partial<RecordedResource> = {}): RecordedResource {
    return { urn: `urn:${type}::${name}`, type, name, custom: true, parent: undefined, dependencies: [], provider: undefined, protect: false, ignoreChanges: [], inputs: {}, wireInputs: {}, wireState: {}, ...extra };
}

const stack = r("pulumi:pulumi:Stack", "p-dev", { custom: false });
const component = r("streaming-platform:kubernetes:AppService", "api", { custom: false, parent: stack.urn });
const group = r("azure-native:resources:ResourceGroup", "rg", { parent: stack.urn, protect: true });
const deployment = r("kubernetes:apps/v1:Deployment", "api", {
    parent: component.urn,
    dependencies: [group.urn],
    inputs: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", namespace: "apps" }, spec: { replicas: 2 } },
});
const all = [stack, component, group, deployment];

describe("tools/plan render", () => {
    it("draws the tree with children under their parents, protection and violations", () => {
        const tree = renderTree(all, [{ policy: "x", level: "mandatory", severity: "high", urn: deployment.urn, message: "m" }]);
        const lines = tree.split("\n");
        assert.match(lines[1], /^ \+   pulumi:pulumi:Stack\s+p-dev\s+create$/);
        assert.match(lines[2], /├─ streaming-platform:kubernetes:AppService/);
        assert.match(lines[3], /│  └─ kubernetes:apps\/v1:Deployment\s+api\s+create, 1 mandatory violation$/);
        assert.match(lines[4], /└─ azure-native:resources:ResourceGroup\s+rg\s+create, protected$/);
    });

    it("writes each Kubernetes object as the YAML that would be applied", () => {
        const files = renderManifests(all);
        assert.deepEqual([...files.keys()], ["apps.deployment.api.yaml"]);
        assert.deepEqual(parse(files.get("apps.deployment.api.yaml")!), {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "api", namespace: "apps" },
            spec: { replicas: 2 },
        });
    });

    it("draws components as subgraphs and an edge from each dependency", () => {
        const graph = renderGraph(all);
        assert.match(graph, /^flowchart LR\n {2}subgraph r0\["api<br\/><small>streaming-platform:kubernetes:AppService<\/small>"\]\n {4}r2\[/);
        assert.match(graph, /\n {2}r1 --> r2\n$/);
    });

    it("counts resources by type, most frequent first", () => {
        assert.deepEqual(countByType([group, group, stack]), [["azure-native:resources:ResourceGroup", 2], ["pulumi:pulumi:Stack", 1]]);
    });
});
