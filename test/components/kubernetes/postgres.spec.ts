import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { POSTGRES_VERSION } from "../../../components/azure/catalog-database";
import { Postgres, POSTGRES_IMAGE, POSTGRES_UID, postgresEgress } from "../../../components/kubernetes/postgres";
import { capture, valueOf } from "../../support/harness";

describe("components/kubernetes/Postgres", () => {
    it("runs the flexible server's major version, restricted, read-only root, probed with pg_isready, admitting only its clients", async () => {
        const captured = await capture(
            () =>
                new Postgres("db", {
                    spec: {
                        name: "lakekeeper-db",
                        namespace: "lakehouse",
                        database: "lakekeeper",
                        login: "lakekeeper",
                        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                        storageSize: "1Gi",
                        clients: [{ namespace: "lakehouse", podLabels: { app: "lakekeeper" } }],
                    },
                    provider: new Provider("db-k8s", { kubeconfig: "unused" }),
                }),
        );
        assert.ok(POSTGRES_IMAGE.startsWith(`postgres:${POSTGRES_VERSION}.`));
        const set = captured.one("kubernetes:apps/v1:StatefulSet").inputs as any;
        const container = set.spec.template.spec.containers[0];
        assert.equal(container.image, POSTGRES_IMAGE);
        assert.equal(set.spec.template.spec.securityContext.runAsUser, POSTGRES_UID);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(container.readinessProbe.exec.command.slice(0, 1), ["pg_isready"]);
        assert.deepEqual(container.envFrom, [{ secretRef: { name: "lakekeeper-db" } }], "the password from the Secret, not the pod spec");
        assert.equal((captured.one("kubernetes:core/v1:Service").inputs as any).spec.clusterIP, "None");
        const policy = captured.one("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs as any;
        assert.equal(policy.spec.ingress[0].from.length, 1);
        assert.deepEqual(policy.spec.egress, []);
        assert.equal(captured.value.host, "lakekeeper-db.lakehouse.svc.cluster.local");
        assert.equal(await valueOf(captured.value.ready), "lakekeeper-db");
        assert.deepEqual(postgresEgress("lakekeeper-db", "lakehouse").ports, [{ port: 5432 }]);
    });
});
