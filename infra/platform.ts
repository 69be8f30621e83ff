/**
 * Wires the components together: the only module that knows all of them. Each component gets the
 * slice of config it needs and the outputs of the components it depends on; environment differences
 * arrive as settings and profile traits, never as `if (prod)`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { Monitoring } from "../components/azure/monitoring";
import { azureName, type NamedKind } from "../components/azure/naming";
import type { PlatformConfig } from "./config";

export interface Platform {
    readonly resourceGroup: resources.ResourceGroup;
    readonly monitoring: Monitoring;
}

export function createPlatform(config: PlatformConfig): Platform {
    const { settings, profile, tags } = config;
    const name = (kind: NamedKind, role: string) => azureName(kind, { project: config.project, stack: config.stack, role });
    const protect = profile.traits.protectStatefulResources;

    const resourceGroup = new resources.ResourceGroup(
        "platform",
        { resourceGroupName: name("resourceGroup", "rg"), location: settings.location, tags },
        { protect },
    );

    const monitoring = new Monitoring("monitoring", {
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        workspaceName: name("logAnalyticsWorkspace", "logs"),
        retentionInDays: settings.logRetentionDays,
        dailyQuotaGb: profile.traits.logDailyQuotaGb,
        protect,
        tags,
    });

    return { resourceGroup, monitoring };
}

/** The stack outputs a person needs, from the platform's components. */
export function stackOutputs(config: PlatformConfig, platform: Platform): Record<string, pulumi.Input<unknown>> {
    return {
        profile: config.profile.name,
        location: config.settings.location,
        resourceGroupName: platform.resourceGroup.name,
        logAnalyticsWorkspaceId: platform.monitoring.workspaceId,
    };
}
