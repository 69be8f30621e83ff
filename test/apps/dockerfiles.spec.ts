import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ImageSpec } from "../../components/build/service-image";
import { SERVICE_ENDPOINTS, SERVICE_IMAGES } from "../../infra/services";
import { dockerfileProblems } from "../support/dockerfile-checks";
import { REPO_ROOT } from "../support/harness";

const dockerfileOf = (spec: ImageSpec) => path.join(REPO_ROOT, spec.context, spec.dockerfile ?? "Dockerfile");

/** A Dockerfile that follows every rule; the bad fixtures each break one. */
const GOOD = `
FROM node:22.16.0-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
FROM dependencies AS build
COPY src ./src
RUN npm run build
FROM node:22.16.0-bookworm-slim AS runtime
COPY --from=build /app/dist ./dist
USER 1000:1000
HEALTHCHECK CMD ["node", "-e", "process.exit(0)"]
CMD ["node", "dist/server.js"]
`;

const BAD: readonly [string, (text: string) => string, RegExp][] = [
    ["a single stage", () => "FROM node:22.16.0-bookworm-slim AS runtime\nUSER 1000\nHEALTHCHECK CMD true\n", /multi-stage: expected dependencies, build and runtime stages, found 1/],
    ["an unpinned base", (t) => t.replace("FROM node:22.16.0-bookworm-slim AS runtime", "FROM node AS runtime"), /stage runtime \(line \d+\): base image node is not pinned/],
    ["a latest base", (t) => t.replace("FROM node:22.16.0-bookworm-slim AS dependencies", "FROM node:latest AS dependencies"), /base image node:latest is not pinned/],
    ["root in the runtime stage", (t) => t.replace("USER 1000:1000", "USER root"), /the final USER is "root"; expected a numeric non-root uid/],
    ["no USER", (t) => t.replace("USER 1000:1000\n", ""), /the final USER is .*expected a numeric non-root uid/],
    ["no HEALTHCHECK", (t) => t.replace(/HEALTHCHECK .*\n/, ""), /stage runtime: no HEALTHCHECK/],
    ["code before dependencies", (t) => t.replace("COPY package.json package-lock.json ./\nRUN npm ci", "COPY . .\nRUN npm ci"), /code is copied \(line \d+\) before dependencies are installed/],
    ["a secret build arg", (t) => t.replace("WORKDIR /app", "ARG NPM_TOKEN\nWORKDIR /app"), /ARG NPM_TOKEN looks like a secret; use RUN --mount=type=secret/],
    ["a missing target", (t) => t.replace("AS runtime", "AS final"), /target stage "runtime" does not exist/],
];

describe("apps Dockerfiles", () => {
    it("the checks pass a Dockerfile that follows every rule", () => {
        assert.deepEqual(dockerfileProblems(GOOD, "runtime"), []);
    });

    for (const [name, mutate, expected] of BAD) {
        it(`the checks catch ${name}`, () => {
            const problems = dockerfileProblems(mutate(GOOD), "runtime");
            assert.ok(problems.some((p) => expected.test(p)), problems.join("\n"));
        });
    }

    for (const [service, spec] of Object.entries(SERVICE_IMAGES)) {
        it(`${service}: multi-stage, pinned, non-root, HEALTHCHECK, dependencies before code, no secret args, .dockerignore`, () => {
            const dockerfile = dockerfileOf(spec);
            assert.deepEqual(dockerfileProblems(fs.readFileSync(dockerfile, "utf8"), spec.target), []);
            const ignoreFiles = [`${dockerfile}.dockerignore`, path.join(REPO_ROOT, spec.context, ".dockerignore")];
            assert.ok(ignoreFiles.some((f) => fs.existsSync(f)), `one of ${ignoreFiles.join(", ")}`);
        });
    }

    it("frontend: nginx listens on the port and answers the health path infra/services.ts declares", () => {
        const conf = fs.readFileSync(path.join(REPO_ROOT, SERVICE_IMAGES.frontend.context, "nginx.conf"), "utf8");
        const dockerfile = fs.readFileSync(dockerfileOf(SERVICE_IMAGES.frontend), "utf8");
        const { port, healthPath } = SERVICE_ENDPOINTS.frontend;
        assert.match(conf, new RegExp(`^\\s*listen ${port};$`, "m"));
        assert.match(conf, new RegExp(`location = ${healthPath} \\{`));
        assert.ok(dockerfile.includes(`EXPOSE ${port}`) && dockerfile.includes(`http://127.0.0.1:${port}${healthPath}`));
    });

    it("Node services have a development target for hot reload", () => {
        for (const service of ["api", "worker", "frontend"] as const) {
            const text = fs.readFileSync(dockerfileOf(SERVICE_IMAGES[service]), "utf8");
            assert.match(text, /^FROM \S+ AS development$/m, service);
        }
    });
});
