/**
 * The platform's services and how each image is built. The build contexts live under apps/; the
 * target is always the slim runtime stage (the `development` stages are for local hot reload).
 */
import type { ImageSpec } from "../components/build/service-image";

export const SERVICE_IMAGES = {
    api: { context: "apps/api", target: "runtime" },
    worker: { context: "apps/worker", target: "runtime" },
    frontend: { context: "apps/frontend", target: "runtime" },
    "flink-job": { context: "apps/flink-job", target: "runtime" },
} as const satisfies Record<string, ImageSpec>;

export type ServiceName = keyof typeof SERVICE_IMAGES;
