/**
 * How the machine running Pulumi reaches the in-cluster Kafka's admin listener (the Kafka provider
 * dials it on every preview): on the VNet's internal load balancer, or on a public one limited to
 * the runner's ranges, which the node subnet's NSG must then let in too.
 */
import type { AdminListenerAccess } from "../components/kafka/kafka-cluster";
import type { Settings } from "./config";

/** The admin listener's placement for the stack's settings and profile. */
export function adminListenerAccess(settings: Pick<Settings, "kafkaAdminSourceRanges" | "apiServerAuthorizedRanges">, placement: "internal" | "public"): AdminListenerAccess {
    if (placement === "internal") {
        return { kind: "internal-load-balancer" };
    }
    const ranges = settings.kafkaAdminSourceRanges.length > 0 ? settings.kafkaAdminSourceRanges : settings.apiServerAuthorizedRanges;
    return { kind: "load-balancer", sourceRanges: ranges };
}
