// Prints the exec policy's argv condition and the guard ConfigMap's values for k8s/media (or
// $ARR_MANIFESTS), to paste into k8s/dashboard/admission-policy.yaml when the commands or the
// manifests change (lib/stack/guard.test.ts fails until they match).
//   npm run -s policy:exec
import { execCommandCondition, guardParams } from "@/lib/stack/guard";
import { loadStack } from "@/lib/stack/load";

const stack = loadStack();
console.log(execCommandCondition(stack));
console.log(JSON.stringify(guardParams(stack), null, 2));
