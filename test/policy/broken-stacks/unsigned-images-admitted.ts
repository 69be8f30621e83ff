import { changeOne, type Expected } from "./fixture";

/** prod's signature check only audits: a pod with an unsigned image would be reported, and still run. */
export const transform = changeOne("azure-native:authorization:PolicyAssignment", "image-verification-assignment", (props) => {
    props.parameters = { ...props.parameters, effect: { value: "Audit" } };
});
export const expected: Expected = {
    policy: "signed-images-only",
    message: 'azure-native:authorization:PolicyAssignment "image-verification-assignment": parameters.effect.value is "Audit"; expected "Deny"',
};
