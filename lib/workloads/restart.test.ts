import { describe, expect, it } from "vitest";
import { deployment, node, pod } from "@/lib/health/fixtures";
import { restartPrompt } from "./restart";

const stuck = pod({
  name: "radarr-old",
  nodeName: "kwok-node-0",
  deletionTimestamp: "2026-11-30T10:00:00Z",
});

describe("restartPrompt (F8)", () => {
  it("warns before a Recreate restart would take the app to zero, naming pod and node", () => {
    const r = restartPrompt(
      "Radarr",
      deployment({ strategy: "Recreate" }),
      [stuck],
      [node("kwok-node-0", false)],
    );
    expect(r.warning).toBe(
      "Pod radarr-old is stuck Terminating (node kwok-node-0 is NotReady). With Recreate the new pod waits for every old pod: the restart would take Radarr to zero and keep it there until that pod is gone (bring the node back or force-delete the pod first).",
    );
  });

  it("has no warning when the node is Ready or nothing is terminating", () => {
    expect(
      restartPrompt(
        "Radarr",
        deployment({ strategy: "Recreate" }),
        [stuck],
        [node("kwok-node-0", true)],
      ).warning,
    ).toBeUndefined();
    expect(
      restartPrompt(
        "Radarr",
        deployment({ strategy: "Recreate" }),
        [pod()],
        [node("kwok-node-0", false)],
      ).warning,
    ).toBeUndefined();
  });

  it("says what Recreate and RollingUpdate do", () => {
    expect(restartPrompt("Radarr", deployment({ strategy: "Recreate" }), [], []).prompt).toMatch(
      /down for a moment/,
    );
    expect(
      restartPrompt("Radarr", deployment({ strategy: "RollingUpdate" }), [], []).prompt,
    ).toMatch(/new pod is started before/);
  });
});
