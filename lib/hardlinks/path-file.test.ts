import { describe, expect, it } from "vitest";
import { FilePathStore } from "./path-file";

describe("FilePathStore (torrent paths spilled to a temporary file)", () => {
  it("gives back every path by id, across checkpoints, flushes and multi-byte names", () => {
    const store = new FilePathStore();
    try {
      // ~3 MiB of paths: several 1 MiB flushes; ids far past the 64-path checkpoints.
      const paths = Array.from(
        { length: 20_000 },
        (_, i) => `/data/torrents/Série ${i % 7}/Épisode ${i} ${"x".repeat(i % 200)}.mkv`,
      );
      const ids = paths.map((p) => store.add(p));
      expect(ids).toEqual(paths.map((_, i) => i));
      for (const i of [0, 1, 63, 64, 65, 127, 128, 9_999, 19_998, 19_999])
        expect(store.get(i)).toBe(paths[i]);
      for (let i = 0; i < paths.length; i += 97) expect(store.get(i)).toBe(paths[i]);
    } finally {
      store.dispose();
    }
  });
});
