import * as pulumi from "@pulumi/pulumi";
import { CronJob } from "@pulumi/kubernetes/batch/v1/cronJob";
import { Job } from "@pulumi/kubernetes/batch/v1/job";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { planTableJobs, planTableJobsAccess, type TableJobsSpec } from "./table-jobs-plan";

export interface LakeTablesArgs {
    readonly spec: TableJobsSpec;
    /** The Flink job's image (its jar carries the table tools), digest-pinned. */
    readonly image: pulumi.Input<string>;
    /**
     * The lake account holding the warehouse container (ADLS warehouses).
     * @default - none (an S3 warehouse)
     */
    readonly storageAccount?: pulumi.Input<string>;
    /**
     * Client id of the tables' workload identity (Storage Blob Data Contributor on the warehouse; ADLS warehouses).
     * @default - none (an S3 warehouse: the jobs' keys come from a Secret)
     */
    readonly workloadIdentityClientId?: pulumi.Input<string>;
    /**
     * The catalog's revision (RestCatalog.revision): known once its Deployment has rolled out, so the
     * sync waits for it; a new revision runs the sync again.
     */
    readonly catalogRevision: pulumi.Input<string>;
    /**
     * Resolves when the declarations may be applied, and fails (naming the table and column) when
     * they may not: the comparison with the declarations the stack last deployed. The declarations
     * ConfigMap takes it in, so a refused change fails the preview before anything is sent.
     * @default - nothing to check
     */
    readonly check?: pulumi.Input<boolean>;
    readonly provider: Provider;
}

/**
 * The lake's tables, kept as declared: the declarations as a ConfigMap, a Job that applies them at
 * deploy time (the deployment waits for it, and fails, naming the column, on a change TableSync
 * refuses), a CronJob that maintains them (retention, compaction, snapshot expiry, orphan files),
 * their ServiceAccount (workload identity) and NetworkPolicy.
 */
export class LakeTables extends pulumi.ComponentResource {
    readonly sync: Job;
    /** The sync Job's name: it changes exactly when the declarations do (readers restart with it). */
    readonly revision: pulumi.Output<string>;

    constructor(name: string, args: LakeTablesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:lakehouse:LakeTables", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const values = { image: args.image, storageAccount: args.storageAccount, workloadIdentityClientId: args.workloadIdentityClientId };
        const access = planTableJobsAccess<pulumi.Input<string>>(args.spec, values);
        const account = new ServiceAccount(`${name}-service-account`, access.serviceAccount, child);
        const declarations = new ConfigMap(
            `${name}-declarations`,
            { ...access.declarations, data: pulumi.output(args.check ?? true).apply(() => access.declarations.data) },
            child,
        );
        new NetworkPolicy(`${name}-network-policy`, access.networkPolicy, child);
        // The pods name their account and declarations by these outputs, and carry the catalog's
        // revision: each waits for what it uses, through data.
        const plan = planTableJobs<pulumi.Input<string>>(args.spec, values, {
            serviceAccountName: account.metadata.name,
            declarationsName: declarations.metadata.name,
            catalogRevision: args.catalogRevision,
        });
        // A new image or catalog revision changes the template of a Job of the same name: replacing
        // it must delete the old one first (Kubernetes refuses a second Job of that name).
        this.sync = new Job(`${name}-sync`, plan.syncJob, { ...child, deleteBeforeReplace: true });
        new CronJob(`${name}-maintenance`, plan.maintenance, child);
        this.revision = this.sync.metadata.name;
        this.registerOutputs({ revision: this.revision });
    }
}
