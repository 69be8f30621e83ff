/**
 * Benchmark-only program for `npm run bench`: registers `count` copies of the platform's resource
 * group + Monitoring component, so the plan's cost per resource can be measured at a size the
 * real program does not reach yet. Never deployed.
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { Monitoring } from "../../../components/azure/monitoring";

const count = new pulumi.Config().requireNumber("count");
const tags = { owner: "bench", environment: pulumi.getStack(), project: pulumi.getProject(), "managed-by": "pulumi" };
for (let i = 0; i < count; i++) {
    const group = new resources.ResourceGroup(`rg-${i}`, { resourceGroupName: `bench-${i}-rg`, location: "westeurope", tags });
    new Monitoring(`monitoring-${i}`, { resourceGroupName: group.name, location: group.location, workspaceName: `bench-${i}-logs`, retentionInDays: 30, tags });
}
