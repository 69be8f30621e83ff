/**
 * The platform's services: how each image is built and the HTTP port and health path it serves,
 * declared once. The image build args, the Dockerfile HEALTHCHECK and (with the workloads) the
 * container port, probes and Service all derive from these entries.
 */
import type { ImageSpec } from "../components/build/service-image";
import { FLINK_PROJECT, type FlinkBuild } from "./flink-build";

/** The shared Dockerfile of the Node.js services, relative to each service's context. */
const NODE_SERVICE_DOCKERFILE = "../node-service.Dockerfile";

/** What a service serves: its one HTTP port and its liveness path. */
export interface ServiceEndpoint {
    readonly port: number;
    readonly healthPath: string;
}

export const SERVICE_ENDPOINTS = {
    api: { port: 5000, healthPath: "/api/health" },
    worker: { port: 7000, healthPath: "/health" },
    frontend: { port: 8080, healthPath: "/healthz" },
} as const satisfies Record<string, ServiceEndpoint>;

/** Build args that tell the shared Node.js Dockerfile a service's port and health path. */
function nodeServiceArgs(endpoint: ServiceEndpoint): Record<string, string> {
    return { SERVICE_PORT: String(endpoint.port), HEALTH_PATH: endpoint.healthPath };
}

export const SERVICE_IMAGES = {
    api: { context: "apps/api", dockerfile: NODE_SERVICE_DOCKERFILE, target: "runtime", buildArgs: nodeServiceArgs(SERVICE_ENDPOINTS.api) },
    worker: { context: "apps/worker", dockerfile: NODE_SERVICE_DOCKERFILE, target: "runtime", buildArgs: nodeServiceArgs(SERVICE_ENDPOINTS.worker) },
    frontend: { context: "apps/frontend", target: "runtime" },
    "flink-job": { context: FLINK_PROJECT, target: "runtime" },
    // The smoke test runs as a Job and serves nothing: the shared Dockerfile's HEALTHCHECK (Docker's
    // only; Kubernetes ignores it) goes unused.
    smoke: { context: "apps/smoke", dockerfile: NODE_SERVICE_DOCKERFILE, target: "runtime" },
} as const satisfies Record<string, ImageSpec>;

export type ServiceName = keyof typeof SERVICE_IMAGES;

/** Build args of the Flink job image: the versions of its pom (the Dockerfile's FROM lines use them). */
export function flinkImageArgs(build: FlinkBuild): Record<string, string> {
    return { FLINK_VERSION: build.flinkVersion, JAVA_RELEASE: build.javaRelease };
}

/** Every image's build, with what only the checkout tells: the Flink image's versions from its pom. */
export function serviceImages(flink: FlinkBuild): Record<ServiceName, ImageSpec> {
    return { ...SERVICE_IMAGES, "flink-job": { ...SERVICE_IMAGES["flink-job"], buildArgs: flinkImageArgs(flink) } };
}
