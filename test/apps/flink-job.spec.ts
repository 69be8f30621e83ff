/**
 * The Flink job's contract with the platform, checked from both sides' sources: the Kafka ACLs the
 * job's Maven test proves sufficient against a real broker are the ACLs the platform creates, and
 * the platform's FlinkDeployment sets every setting the job requires.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { plannedStack, REPO_ROOT } from "../support/harness";

const JOB_SOURCES = path.join(REPO_ROOT, "apps", "flink-job", "job", "src");
const javaSource = (relative: string) => fs.readFileSync(path.join(JOB_SOURCES, relative), "utf8");

/** The grants EventCountJobIT gives the job's user before running it against the real Kafka. */
function grantsTheMavenTestProves(): string[] {
    const source = javaSource("test/java/com/example/streaming/EventCountJobIT.java");
    const constants = Object.fromEntries([...source.matchAll(/static final String (\w+) = "([^"]*)";/g)].map((m) => [m[1], m[2]]));
    const title = (word: string) => word.toLowerCase().replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
    return [...source.matchAll(/allow\(ResourceType\.(\w+), (\w+), PatternType\.(\w+), AclOperation\.(\w+)\)/g)]
        .map(([, type, name, pattern, operation]) => `${title(operation)} ${title(type)} ${constants[name]} ${title(pattern)}`)
        .sort();
}

describe("apps/flink-job: the job's contract with the platform", function () {
    this.timeout(120_000);

    it("the ACLs the job's Maven test proves sufficient against a real Kafka are exactly the ACLs the platform gives the job", () => {
        const fromTest = grantsTheMavenTestProves();
        assert.equal(fromTest.length, 9, fromTest.join("\n"));
        for (const stack of ["dev", "prod"] as const) {
            const granted = plannedStack(stack)
                .plan.resources.filter((r: any) => r.type === "kafka:index/acl:Acl" && r.inputs.aclPrincipal === "User:svc-event-count")
                .map((a: any) => `${a.inputs.aclOperation} ${a.inputs.aclResourceType} ${a.inputs.aclResourceName} ${a.inputs.resourcePatternTypeFilter}`)
                .sort();
            assert.deepEqual(granted, fromTest, stack);
        }
    });

    it("the FlinkDeployment's environment sets every setting the job requires", () => {
        const settings = javaSource("main/java/com/example/streaming/JobSettings.java");
        const required = [...settings.matchAll(/read\.required\("(\w+)"\)|required\("(KAFKA_\w+)"\)/g)].map((m) => m[1] ?? m[2]);
        assert.ok(required.includes("TRANSACTIONAL_ID_PREFIX") && required.includes("KAFKA_PASSWORD"), required.join(", "));
        for (const stack of ["dev", "prod"] as const) {
            const deployment = plannedStack(stack).plan.resources.find((r: any) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
            const env = new Set(deployment.inputs.spec.podTemplate.spec.containers[0].env.map((e: { name: string }) => e.name));
            assert.deepEqual(required.filter((name) => !env.has(name)), [], stack);
        }
    });
});
