/**
 * The platform's services: how each image is built and the HTTP port and health path it serves,
 * declared once. The image build args, the Dockerfile HEALTHCHECK and (with the workloads) the
 * container port, probes and Service all derive from these entries.
 */
import type { ImageSpec } from "../components/build/service-image";

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
    "flink-job": { context: "apps/flink-job", target: "runtime" },
} as const satisfies Record<string, ImageSpec>;

export type ServiceName = keyof typeof SERVICE_IMAGES;
