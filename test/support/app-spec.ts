/** The api service's spec as prod runs it: the one AppServiceSpec tests start from. */
import type { AppServiceSpec } from "../../components/kubernetes/workload-plan";

export function apiSpec(overrides: Partial<AppServiceSpec> = {}): AppServiceSpec {
    return {
        name: "api",
        namespace: "apps",
        port: 5000,
        healthPath: "/api/health",
        readinessPath: "/api/ready",
        uid: 1000,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        replicas: 3,
        maxReplicas: 10,
        zoneSpread: true,
        writablePaths: ["/tmp"],
        callers: [{ namespace: "app-routing-system", podLabels: { app: "nginx" } }],
        egress: [],
        config: { EVENTS_TOPIC: "web.event.received" },
        secretKeys: ["REDIS_PASSWORD"],
        ...overrides,
    };
}
