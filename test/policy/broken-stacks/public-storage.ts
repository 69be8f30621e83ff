import { changeOne, type Expected } from "./fixture";

/** The lake account allows anonymous blob access. */
export const transform = changeOne("azure-native:storage:StorageAccount", "lake-account", (props) => {
    props.allowBlobPublicAccess = true;
});
export const expected: Expected = { policy: "storage-secure-transport", message: 'StorageAccount "lake-account": allowBlobPublicAccess is true; expected false' };
