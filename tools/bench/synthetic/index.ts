/**
 * Benchmark-only program for `npm run bench`: registers `count` generated application services
 * (the platform's AppService component: ServiceAccount, ConfigMap, Deployment, Service, HPA, PDB,
 * NetworkPolicy each) on one Kubernetes provider, so the plan's cost per resource is measured at a
 * size the real program does not reach. Never deployed.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { AppService } from "../../../components/kubernetes/app-service";

const count = new pulumi.Config().requireNumber("count");
const provider = new Provider("bench-k8s", { kubeconfig: "bench: never used" });
for (let i = 0; i < count; i++) {
    const name = `svc-${i}`;
    new AppService(name, {
        spec: {
            name,
            namespace: "bench",
            port: 8080,
            healthPath: "/healthz",
            uid: 1000,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            replicas: 3,
            maxReplicas: 6,
            zoneSpread: true,
            writablePaths: ["/tmp"],
            callers: [{ namespace: "bench", podLabels: { "app.kubernetes.io/name": `svc-${(i + 1) % count}` } }],
            egress: [],
            config: { SERVICE_INDEX: String(i) },
            secretKeys: [],
        },
        image: `bench.azurecr.io/${name}:c-00000000000000000000@sha256:${"0".repeat(64)}`,
        provider,
    });
}
