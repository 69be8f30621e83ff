import * as assert from "node:assert/strict";
import { PROFILES } from "../../stacks/profiles";
import * as fs from "node:fs";
import * as path from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { operatorFlinkVersion } from "../../components/kubernetes/flink-job";
import { FLINK_PROJECT, flinkBuildOf, pomProperties, readFlinkBuild } from "../../infra/flink-build";
import { serviceImages } from "../../infra/services";
import { FLINK_JOBS } from "../../infra/workloads";
import { plannedStack, REPO_ROOT } from "../support/harness";

const BUILD = readFlinkBuild(REPO_ROOT);
const project = (...parts: string[]) => path.join(REPO_ROOT, FLINK_PROJECT, ...parts);
const POM = `<project><properties>
    <!-- <flink.version>0.0.0</flink.version> in a comment does not count -->
    <java.release>17</java.release>
    <flink.version>1.20.4</flink.version>
    <relocation>com.example.shaded</relocation>
    <azurefs.tokenProvider>org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider</azurefs.tokenProvider>
    <derived>\${relocation}.x-\${flink.version}</derived>
    <flink.jvm.opens>--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED</flink.jvm.opens>
</properties></project>`;

describe("infra/flink-build: the Flink build's one home is apps/flink-job/pom.xml", () => {
    it("reads the pom's properties, resolving references among them and ignoring comments", () => {
        const props = pomProperties(POM);
        assert.equal(props["flink.version"], "1.20.4");
        assert.equal(props.derived, "com.example.shaded.x-1.20.4");
        assert.deepEqual(flinkBuildOf(POM), {
            flinkVersion: "1.20.4",
            javaRelease: "17",
            tokenProvider: "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider",
            jvmOpens: "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED",
        });
    });

    it("names every missing or malformed property at once", () => {
        const broken = POM.replace("<flink.version>1.20.4</flink.version>", "<flink.version>1.20</flink.version>").replace(/<azurefs.tokenProvider>.*<\/azurefs.tokenProvider>/, "");
        assert.throws(
            () => flinkBuildOf(broken),
            (error: Error) =>
                error.message.includes("<flink.version> = 1.20: expected a Flink release such as 1.20.4") &&
                error.message.includes("<azurefs.tokenProvider> = (missing): expected the class name of hadoop-azure's WorkloadIdentityTokenProvider"),
        );
        assert.throws(() => pomProperties("<properties><a>${b}</a><b>${a}</b></properties>"), /property a refers to itself \(a -> b -> a\)/);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the FlinkDeployment runs the pom's Flink version with the plugin's token provider; the image is built with the pom's versions`, () => {
            const run = plannedStack(stack);
            const deployment = run.plan.resources.find((r: any) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
            assert.equal(deployment.inputs.spec.flinkVersion, operatorFlinkVersion(BUILD.flinkVersion));
            const config: Record<string, string> = deployment.inputs.spec.flinkConfiguration;
            const providers = Object.entries(config).filter(([key]) => key.startsWith("fs.azure.account.oauth.provider.type."));
            assert.deepEqual(providers.map(([, value]) => value), [BUILD.tokenProvider]);
            assert.ok(!Object.keys(config).some((key) => key.startsWith("fs.azure.account.key")), "no account key in the Flink configuration");
            if (PROFILES[stack].traits.images.source === "build") {
                const image = run.plan.resources.find((r: any) => r.type === "docker-build:index:Image" && r.name === "image-flink-job-image");
                assert.deepEqual(image.inputs.buildArgs, { FLINK_VERSION: BUILD.flinkVersion, JAVA_RELEASE: BUILD.javaRelease });
            } else {
                // Promoted: the very image the building stack made with those versions, by digest.
                const promoted = run.plan.resources.find((r: any) => r.type === "command:local:Command" && r.name === "image-flink-job-import");
                assert.match(promoted.inputs.create, /^az acr import .*--source 'flink-job@sha256:[0-9a-f]{64}'/);
            }
        });
    }
});

describe("apps/flink-job/Dockerfile: the image builds what `mvn -f apps/flink-job verify` tested", () => {
    const text = fs.readFileSync(project("Dockerfile"), "utf8");
    const dockerfile = DockerfileParser.parse(text);
    // Each instruction as written (flags included), e.g. {keyword: "COPY", args: "--from=build /a /b"}.
    const instructions = dockerfile.getInstructions().map((i) => ({ keyword: i.getKeyword(), args: i.getTextContent().replace(/^\S+\s+/, "").replace(/\\\n\s*/g, "").trim() }));
    const pom = (module: string) => fs.readFileSync(project(module, "pom.xml"), "utf8");
    const finalName = (module: string) => /<finalName>([^<]+)<\/finalName>/.exec(pom(module))![1].replace("${project.artifactId}", /<artifactId>([^<]+)<\/artifactId>\s*<packaging>/.exec(pom(module))![1]);

    it("takes both images' versions from build args the program sets from the pom (no version written twice)", () => {
        const froms = dockerfile.getFROMs().map((f) => f.getImageName() + ":" + f.getImageTag());
        assert.ok(froms.includes("maven:3.9.9-eclipse-temurin-${JAVA_RELEASE}"), froms.join(", "));
        assert.ok(froms.includes("flink:${FLINK_VERSION}-scala_2.12-java${JAVA_RELEASE}"), froms.join(", "));
        const globalArgs = text.split(/^FROM /m)[0];
        assert.match(globalArgs, /^ARG FLINK_VERSION$/m);
        assert.match(globalArgs, /^ARG JAVA_RELEASE$/m);
        assert.deepEqual(Object.keys(serviceImages(BUILD)["flink-job"].buildArgs ?? {}).sort(), ["FLINK_VERSION", "JAVA_RELEASE"]);
        assert.doesNotMatch(text, /\d+\.\d+\.\d+-scala/, "no literal Flink version");
    });

    it("runs the reactor the tests run (its .mvn settings, both modules' poms, `package` without the tests)", () => {
        const copies = instructions.filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from")).map((i) => i.args.split(/\s+/)[0]);
        assert.deepEqual(copies, [".mvn", "pom.xml", "job/pom.xml", "azure-fs-workload-identity/pom.xml", "job/src", "azure-fs-workload-identity/src"]);
        const modules = [...fs.readFileSync(project("pom.xml"), "utf8").matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1]).sort();
        assert.deepEqual(modules, ["azure-fs-workload-identity", "job"]);
        const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
        assert.deepEqual(runs, ["mvn dependency:go-offline", "mvn package -DskipTests"]);
        assert.deepEqual(fs.readFileSync(project(".mvn", "maven.config"), "utf8").trim().split("\n"), ["--batch-mode", "--no-transfer-progress"]);
    });

    it("puts the plugin jar in its own plugin directory and the job jar where the FlinkDeployment's jarURI points", () => {
        const fromBuild = instructions.filter((i) => i.keyword === "COPY" && i.args.startsWith("--from=build")).map((i) => i.args.split(/\s+/).slice(1));
        const plugin = finalName("azure-fs-workload-identity");
        const job = finalName("job");
        assert.deepEqual(fromBuild, [
            [`/build/azure-fs-workload-identity/target/${plugin}.jar`, `/opt/flink/plugins/${plugin}/`],
            [`/build/job/target/${job}.jar`, FLINK_JOBS["event-count"].jarURI.replace("local://", "")],
        ]);
    });
});
