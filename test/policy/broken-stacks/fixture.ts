import * as pulumi from "@pulumi/pulumi";

/** What a broken stack must yield: exactly this mandatory policy, with a message containing `message`. */
export interface Expected {
    readonly policy: string;
    readonly message: string;
}

/** A transformation that changes the props of the one resource named `name` (of `type`). */
export function changeOne(type: string, name: string, change: (props: Record<string, any>) => void): pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== type || args.name !== name) {
            return undefined;
        }
        const props = { ...args.props };
        change(props);
        return { props, opts: args.opts };
    };
}
