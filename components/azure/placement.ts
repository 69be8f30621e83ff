import type * as pulumi from "@pulumi/pulumi";

/** Where an Azure component puts its resources; every component's Args extends it. */
export interface AzurePlacement {
    /** Resource group of the component's resources. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Azure region of the component's resources. */
    readonly location: pulumi.Input<string>;
    /**
     * Tags for every resource of the component that takes tags.
     * @default - none
     */
    readonly tags?: Readonly<Record<string, string>>;
}
