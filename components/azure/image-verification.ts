import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import type { Provider } from "@pulumi/kubernetes/provider";
import { NOTATION_PLUGIN } from "../build/image-signature";
import { pinnedRelease, type PinnedChart } from "../kubernetes/helm";
import { chartImage, splitDigestRef } from "../build/third-party-images";

/** Ratify, the verifier Gatekeeper asks about each image (its chart; app v1.4.0). */
export const RATIFY_CHART: PinnedChart = { name: "ratify", version: "1.15.0", repo: "https://ratify-project.github.io/ratify" };
/** Where the Azure Policy add-on runs Gatekeeper: Ratify runs beside it as its external data provider. */
export const GATEKEEPER_NAMESPACE = "gatekeeper-system";
/** The external data provider's name (the chart's), which the constraint template calls. */
export const RATIFY_PROVIDER = "ratify-provider";
/** Ratify's ServiceAccount (the chart's default): its workload identity reads the registry and the certificate. */
export const RATIFY_SERVICE_ACCOUNT = { namespace: GATEKEEPER_NAMESPACE, name: "ratify-admin" } as const;
/** Effects the Azure Policy assignment may have. */
export type VerificationEffect = "Deny" | "Audit";

/**
 * The Gatekeeper constraint template of the policy: every container, init and ephemeral container
 * image of a pod is sent to Ratify; a system error, an image error or a failed verification is a
 * violation. Written here (Rego), delivered to the cluster by Azure Policy.
 */
export const VERIFICATION_TEMPLATE = `apiVersion: templates.gatekeeper.sh/v1beta1
kind: ConstraintTemplate
metadata:
  name: signedimagesonly
spec:
  crd:
    spec:
      names:
        kind: SignedImagesOnly
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package signedimagesonly

        images[image] { image := input.review.object.spec.containers[_].image }
        images[image] { image := input.review.object.spec.initContainers[_].image }
        images[image] { image := input.review.object.spec.ephemeralContainers[_].image }

        verdict := external_data({"provider": "${RATIFY_PROVIDER}", "keys": [image | images[image]]})

        violation[{"msg": msg}] {
          verdict.system_error != ""
          msg := sprintf("image verification unavailable: %s", [verdict.system_error])
        }
        violation[{"msg": msg}] {
          count(verdict.errors) > 0
          msg := sprintf("image verification failed: %v", [verdict.errors])
        }
        violation[{"msg": msg}] {
          answer := verdict.responses[_]
          answer[1].isSuccess == false
          msg := sprintf("image %s has no valid signature from this stack's certificate (trace %s)", [answer[0], answer[1].traceID])
        }
`;

/** The custom Azure Policy definition (mode Microsoft.Kubernetes.Data) that installs the template. */
export function verificationPolicyRule(template: string): Record<string, unknown> {
    return {
        if: { field: "type", in: ["Microsoft.ContainerService/managedClusters"] },
        then: {
            effect: "[parameters('effect')]",
            details: {
                templateInfo: { sourceType: "Base64Encoded", content: Buffer.from(template, "utf8").toString("base64") },
                apiGroups: [""],
                kinds: ["Pod"],
                namespaces: "[parameters('namespaces')]",
                excludedNamespaces: "[parameters('excludedNamespaces')]",
            },
        },
    };
}

/** Ratify's chart `image` block for its digest-pinned image (the chart joins repository and tag: a tag of "<tag>@<digest>" pulls by digest). */
export function ratifyImageValues(ratify: string): { repository: string; tag: string } {
    const { repository, digest } = chartImage(ratify);
    const { tag } = splitDigestRef(ratify);
    return { repository, tag: tag ? `${tag}@${digest}` : digest };
}

/** Ratify's chart values: the registry's images only, signed by the stack's certificate, read with its identity. */
export function ratifyValues<T>(args: {
    readonly image: T;
    readonly clientId: T;
    readonly tenantId: T;
    readonly vaultUri: T;
    readonly certificates: readonly string[];
    readonly subject: string;
    readonly registry: T;
}): Record<string, unknown> {
    return {
        image: args.image,
        // The CRD-upgrade hook runs a second image the chart cannot pin apart from this one; Helm
        // installs the chart's CRDs on the first install, and a Ratify upgrade applies new CRDs first (README).
        upgradeCRDs: { enabled: false },
        serviceAccount: { create: true, name: RATIFY_SERVICE_ACCOUNT.name },
        azureWorkloadIdentity: { clientId: args.clientId },
        azurekeyvault: { enabled: true, vaultURI: args.vaultUri, tenantId: args.tenantId, certificates: args.certificates.map((name) => ({ name })), refreshInterval: "1h" },
        oras: { authProviders: { azureWorkloadIdentityEnabled: true } },
        notation: {
            enabled: true,
            trustPolicies: [
                {
                    name: "stack-registry",
                    verificationLevel: "strict",
                    registryScopes: [args.registry],
                    trustedIdentities: [`x509.subject: ${args.subject}`],
                    trustStores: ["ca:azurekeyvault"],
                },
            ],
        },
        cosign: { enabled: false },
        provider: { enableMutation: false },
    };
}

export interface ImageVerificationArgs {
    /** Ratify's image from the stack's registry, digest-pinned. */
    readonly image: pulumi.Input<string>;
    /** Ratify's workload identity (AcrPull on the registry, Key Vault Certificate User on the vault). */
    readonly clientId: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    readonly vaultUri: pulumi.Input<string>;
    /** The certificates whose signatures count (the current key generation and the one before). */
    readonly certificates: readonly string[];
    /** The signer's X.509 subject. */
    readonly subject: string;
    /** The stack registry's login server: only its images can pass. */
    readonly registry: pulumi.Input<string>;
    /** ARM id of the cluster: the assignment's scope. */
    readonly clusterId: pulumi.Input<string>;
    /** The namespaces whose pods must run signed images (the platform's). */
    readonly namespaces: readonly string[];
    readonly effect: VerificationEffect;
    /** Names the subscription-level policy definition (unique per stack). */
    readonly definitionName: string;
    readonly provider: Provider;
}

/**
 * Only signed images in the platform's namespaces: Ratify (as Gatekeeper's external data provider
 * beside the Azure Policy add-on) verifies each image's Notation signature against the stack's
 * certificate in Key Vault, and an Azure Policy assignment on the cluster installs the constraint
 * with the stack's effect: Deny refuses the pod, Audit reports it in Azure Policy's compliance view.
 */
export class ImageVerification extends pulumi.ComponentResource {
    readonly release: Release;
    readonly assignment: authorization.PolicyAssignment;

    constructor(name: string, args: ImageVerificationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:ImageVerification", name, {}, opts);
        this.release = new Release(
            `${name}-ratify`,
            pinnedRelease(
                RATIFY_CHART,
                "ratify",
                GATEKEEPER_NAMESPACE,
                ratifyValues<pulumi.Input<unknown>>({
                    image: pulumi.output(args.image).apply(ratifyImageValues),
                    clientId: args.clientId,
                    tenantId: args.tenantId,
                    vaultUri: args.vaultUri,
                    certificates: args.certificates,
                    subject: args.subject,
                    registry: args.registry,
                }),
            ),
            { parent: this, provider: args.provider },
        );
        const definition = new authorization.PolicyDefinition(
            `${name}-definition`,
            {
                policyDefinitionName: args.definitionName,
                displayName: `Signed images only (${args.definitionName})`,
                description: `Pods in the platform's namespaces run only images signed with Notation (${NOTATION_PLUGIN}) by the stack's certificate, verified by Ratify.`,
                policyType: "Custom",
                mode: "Microsoft.Kubernetes.Data",
                parameters: {
                    effect: { type: "String", allowedValues: ["Deny", "Audit", "Disabled"], defaultValue: "Deny" },
                    namespaces: { type: "Array", defaultValue: [] },
                    excludedNamespaces: { type: "Array", defaultValue: ["kube-system", GATEKEEPER_NAMESPACE] },
                },
                policyRule: verificationPolicyRule(VERIFICATION_TEMPLATE),
            },
            { parent: this },
        );
        // Through the release's name (known once Helm has installed it, and ready: the release is
        // atomic): the constraint is installed only once Ratify runs to answer it.
        this.assignment = new authorization.PolicyAssignment(
            `${name}-assignment`,
            {
                policyAssignmentName: `${args.definitionName}-on-cluster`.slice(0, 64),
                scope: args.clusterId,
                policyDefinitionId: pulumi.all([definition.id, this.release.name]).apply(([id]) => id),
                enforcementMode: "Default",
                parameters: { effect: { value: args.effect }, namespaces: { value: [...args.namespaces] } },
                nonComplianceMessages: [{ message: "Images must come from the stack's registry, signed by its certificate (README: Supply chain)." }],
            },
            { parent: this },
        );
        this.registerOutputs({ assignmentId: this.assignment.id });
    }
}
