/**
 * fast-check arbitraries for stack configuration: valid documents per profile (as the runtime hands
 * them over: text values, lists as JSON), and a catalogue of mistakes, each breaking one key.
 */
import fc from "fast-check";
import { formatAddress } from "../../components/azure/cidr";
import type { RawConfig } from "../../stacks/stack-config";
import { AZURE_REGIONS } from "../../infra/regions";
import { KAFKA_SETTINGS, PROJECT } from "./harness";

/** KAFKA_SETTINGS as the runtime hands them over (JSON text). */
export const KAFKA_MINIMUM: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KAFKA_SETTINGS).map(([key, value]) => [key, JSON.stringify(value)]));

/** `values` with the Kafka minimum underneath (values win). */
export function withKafka(values: Readonly<Record<string, string>>): Record<string, string> {
    return { ...KAFKA_MINIMUM, ...values };
}

/** A valid document plus what the test needs to know about it. */
export interface ValidDocument {
    readonly raw: RawConfig;
    readonly profile: "dev" | "prod";
}

/** An address block inside 10.0.0.0/8: the VNet, and node and endpoint subnets inside it, apart (the VNet from /8 to /22). */
export const validNetwork = fc.record({ prefix: fc.integer({ min: 8, max: 22 }), block: fc.nat() }).map(({ prefix, block }) => {
    const size = 2 ** (32 - prefix);
    const blocks = 2 ** (prefix - 8);
    const base = 10 * 2 ** 24 + (block % blocks) * size;
    return {
        vnetCidr: `${formatAddress(base)}/${prefix}`,
        nodeSubnetCidr: `${formatAddress(base)}/${prefix + 1}`,
        privateEndpointSubnetCidr: `${formatAddress(base + size / 2)}/${prefix + 2}`,
    };
});

const cidrOutside10 = fc.record({ a: fc.integer({ min: 11, max: 223 }), b: fc.nat(255), prefix: fc.integer({ min: 16, max: 32 }) }).map(
    ({ a, b, prefix }) => {
        const base = Math.floor((a * 2 ** 24 + b * 2 ** 16) / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
        return `${formatAddress(base)}/${prefix}`;
    },
);

/** A virtual network's ARM id. */
const vnetId = fc
    .tuple(fc.uuid(), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/))
    .map(([subscription, group, name]) => `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`);

const pool = fc.integer({ min: 1, max: 100 }).chain((min) => fc.record({ min: fc.constant(min), max: fc.integer({ min, max: 100 }) }));
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.constantFrom("example.com", "contoso.org")).map(([u, d]) => `${u}@${d}`);

/** Optional keys: each either omitted (default applies) or set to a valid value. */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
    return fc.option(arb, { nil: undefined });
}

export function validDocument(): fc.Arbitrary<ValidDocument> {
    return fc
        .record({
            profile: fc.constantFrom("dev" as const, "prod" as const),
            location: maybe(fc.constantFrom(...AZURE_REGIONS)),
            owner: maybe(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}$/)),
            logRetentionDays: maybe(fc.integer({ min: 30, max: 730 })),
            alertEmails: fc.array(email, { minLength: 1, maxLength: 3 }),
            network: maybe(validNetwork),
            pods: fc.constant("192.168.0.0/16"),
            services: fc.constant("172.16.0.0/16"),
            access: fc.constantFrom("public", "authorized-ranges", "private"),
            ranges: fc.array(cidrOutside10, { minLength: 1, maxLength: 4 }),
            runners: fc.array(vnetId, { minLength: 1, maxLength: 2 }),
            system: maybe(pool),
            user: maybe(pool),
            kubeloginMode: maybe(fc.constantFrom("azurecli", "workloadidentity", "spn", "msi")),
            redisPassword: maybe(fc.string({ minLength: 16, maxLength: 40 })),
            adminGroups: maybe(fc.array(fc.uuid(), { maxLength: 3 })),
            maintenanceDay: maybe(fc.constantFrom("Monday", "Wednesday", "Saturday", "Sunday")),
            maintenanceStartTime: maybe(fc.record({ h: fc.nat(23), m: fc.nat(59) }).map(({ h, m }) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)),
            imagePlatform: maybe(fc.constantFrom("linux/amd64", "linux/arm64")),
            buildOnPreview: maybe(fc.boolean()),
            releaseTag: maybe(fc.stringMatching(/^v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/)),
            expiry: maybe(fc.integer({ min: 1, max: 3650 }).chain((bronze) => fc.record({ bronze: fc.constant(bronze), silver: fc.integer({ min: bronze, max: 3650 }) }))),
        })
        .map((d) => {
            const values: Record<string, string> = { ...KAFKA_MINIMUM };
            const set = (key: string, value: unknown) => {
                if (value !== undefined) {
                    values[key] = typeof value === "string" ? value : JSON.stringify(value);
                }
            };
            set("location", d.location);
            set("owner", d.owner);
            set("logRetentionDays", d.logRetentionDays);
            set("alertEmails", d.alertEmails);
            if (d.network) {
                Object.entries(d.network).forEach(([k, v]) => set(k, v));
            }
            set("podCidr", d.pods);
            set("serviceCidr", d.services);
            set("apiServerAccess", d.access);
            if (d.access === "authorized-ranges") {
                set("apiServerAuthorizedRanges", d.ranges);
            }
            // Private endpoints (prod) or a private API server need the runner's network.
            if (d.access === "private" || d.profile === "prod") {
                set("runnerVnetIds", d.runners);
            }
            set("systemNodeMinCount", d.system?.min);
            set("systemNodeMaxCount", d.system?.max);
            set("userNodeMinCount", d.user?.min);
            set("userNodeMaxCount", d.user?.max);
            set("kubeloginMode", d.kubeloginMode);
            set("redisPassword", d.redisPassword);
            set("clusterAdminGroupObjectIds", d.adminGroups);
            set("maintenanceDay", d.maintenanceDay);
            set("maintenanceStartTime", d.maintenanceStartTime);
            set("imagePlatform", d.imagePlatform);
            set("buildOnPreview", d.buildOnPreview);
            set("releaseTag", d.releaseTag);
            set("lakeBronzeRetentionDays", d.expiry?.bronze);
            set("lakeSilverRetentionDays", d.expiry?.silver);
            const secretKeys = new Set(d.redisPassword !== undefined ? ["redisPassword"] : []);
            return { profile: d.profile, raw: { project: PROJECT, stack: d.profile, values, secretKeys } };
        });
}

/** One mistake: the key it breaks and the text that breaks it. */
export interface Mistake {
    readonly key: string;
    readonly value: string;
    /** Keep the key out of the secret keys (a plain-text secret). */
    readonly plain?: boolean;
}

export const MISTAKES: readonly Mistake[] = [
    { key: "location", value: "mars-north" },
    { key: "owner", value: "Platform Team!" },
    { key: "logRetentionDays", value: "7" },
    { key: "alertEmails", value: JSON.stringify(["not-an-email"]) },
    { key: "vnetCidr", value: "10.0.0.0/33" },
    { key: "nodeSubnetCidr", value: "300.1.0.0/16" },
    { key: "privateEndpointSubnetCidr", value: "10.40.16.1/24" },
    { key: "podCidr", value: "pods" },
    { key: "apiServerAccess", value: "open" },
    { key: "kubernetesVersion", value: "latest" },
    { key: "kubeloginMode", value: "password" },
    { key: "systemNodeMinCount", value: "0" },
    { key: "userNodeMaxCount", value: "1000" },
    { key: "systemNodeVmSize", value: "D4s_v5" },
    { key: "clusterAdminGroupObjectIds", value: JSON.stringify(["platform-admins"]) },
    { key: "maintenanceDay", value: "Sun" },
    { key: "maintenanceStartTime", value: "25:00" },
    { key: "flinkStorageAuth", value: "sas-token" },
    { key: "lakeBronzeRetentionDays", value: "0" },
    { key: "imagePlatform", value: "windows/amd64" },
    { key: "buildOnPreview", value: "yes" },
    { key: "releaseTag", value: "latest" },
    { key: "redisPassword", value: "correct-horse-battery-staple", plain: true },
    { key: "colour", value: "blue" },
];

/** Applies mistakes to a valid document. */
export function withMistakes(doc: ValidDocument, mistakes: readonly Mistake[]): RawConfig {
    const values = { ...doc.raw.values };
    const secretKeys = new Set(doc.raw.secretKeys);
    for (const m of mistakes) {
        values[m.key] = m.value;
        if (m.plain) {
            secretKeys.delete(m.key);
        }
    }
    return { ...doc.raw, values, secretKeys };
}
