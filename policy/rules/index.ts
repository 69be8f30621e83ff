/** Every rule of the pack, by area. Adding a rule: one file under rules/<area>/, then list it here. */
import type { Policies } from "@pulumi/policy";
import { logAnalyticsRetention } from "./azure/log-analytics-retention";
import { resourceGroupTags } from "./azure/resource-group-tags";
import { statefulResourcesProtected } from "./azure/stateful-resources-protected";

export const policies: Policies = [resourceGroupTags, logAnalyticsRetention, statefulResourcesProtected];
