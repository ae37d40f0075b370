import { describe, expect, it } from "vitest";
import {
  LineSplitter,
  StatStreamParser,
  StderrParser,
  parseControlLine,
  parseStatRecord,
  parseToolError,
  type ControlLine,
  type StatRecord,
  type ToolError,
  type UnparsedLine,
} from "./parse";
import { RECORD_MARK, hardlinkAuditCommand, auditRoots, killCommand } from "./command";

const M = RECORD_MARK;

function collectLines(chunks: Buffer[], max?: number) {
  const lines: string[] = [];
  const overlong: string[] = [];
  const s = new LineSplitter(
    (l) => lines.push(l),
    (p) => overlong.push(p),
    max,
  );
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, overlong };
}

describe("LineSplitter", () => {
  it("cuts lines across arbitrary chunk borders, including inside a multi-byte character", () => {
    const text = Buffer.from("alpha\nbéta gamma\n\ndelta", "utf8");
    for (let size = 1; size <= text.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      expect(collectLines(chunks).lines).toEqual(["alpha", "béta gamma", "", "delta"]);
    }
  });

  it("reports an over-long line once and resumes at the next newline", () => {
    const { lines, overlong } = collectLines(
      [Buffer.from("x".repeat(50)), Buffer.from("y".repeat(60) + "\nok\n")],
      100,
    );
    expect(overlong).toHaveLength(1);
    expect(lines).toEqual(["ok"]);
  });
});

function parseAll(lines: string[]) {
  const records: StatRecord[] = [];
  const unparsed: UnparsedLine[] = [];
  const p = new StatStreamParser(
    (r) => records.push(r),
    (u) => unparsed.push(u),
  );
  for (const l of lines) p.line(l);
  p.end();
  return { records, unparsed };
}

describe("StatStreamParser", () => {
  it("parses records whose names contain spaces", () => {
    const { records, unparsed } = parseAll([
      `${M}2049 131 2 1048576 2048 512 /data/media/movies/A Film (2020)/A Film.mkv`,
    ]);
    expect(unparsed).toEqual([]);
    expect(records).toEqual([
      {
        dev: "2049",
        ino: "131",
        nlink: 2,
        size: 1048576,
        allocated: 1048576,
        path: "/data/media/movies/A Film (2020)/A Film.mkv",
      },
    ]);
  });

  it("joins a name that contains newlines from its continuation lines", () => {
    const { records } = parseAll([
      `${M}1 2 1 5 8 512 /data/media/a`,
      "b",
      "",
      `${M}1 3 1 6 8 512 /data/media/c`,
    ]);
    expect(records.map((r) => r.path)).toEqual(["/data/media/a\nb\n", "/data/media/c"]);
  });

  it("keeps inode numbers beyond 2^53 exact", () => {
    const { records } = parseAll([`${M}66 18446744073709551615 1 0 0 4096 /data/torrents/x`]);
    expect(records[0]?.ino).toBe("18446744073709551615");
  });

  it("reports garbage as unparsed, never as a record", () => {
    const { records, unparsed } = parseAll([
      "stray text",
      `${M}12ab 1 1 1 8 512 /data/media/x`,
      `${M}1 2 0 5 8 512 /data/media/y`,
    ]);
    expect(records).toEqual([]);
    expect(unparsed.map((u) => u.reason)).toEqual([
      "unexpected output",
      "unparsable stat output",
      "link count or size out of range",
    ]);
    expect(unparsed[2]?.path).toBe("/data/media/y");
  });

  it("parseStatRecord rejects a record with a missing name", () => {
    expect(parseStatRecord("1 2 1 5 8 512 ")).toMatchObject({ reason: "unparsable stat output" });
  });
});

describe("control lines", () => {
  it("parses pid, batch and end lines and refuses anything else", () => {
    expect(parseControlLine("pid 4242")).toEqual({ kind: "pid", pid: 4242 });
    expect(parseControlLine("batch 812 0")).toEqual({ kind: "batch", count: 812, status: 0 });
    expect(parseControlLine("end 1")).toEqual({ kind: "end", status: 1 });
    for (const bad of ["pid", "end", "end 1 2", "batch 3", "batch x 0", "ended 0", "pid -1"])
      expect(parseControlLine(bad)).toBeNull();
  });

  it("are told apart from records and never become one", () => {
    const controls: ControlLine[] = [];
    const records: StatRecord[] = [];
    const unparsed: UnparsedLine[] = [];
    const p = new StatStreamParser(
      (r) => records.push(r),
      (u) => unparsed.push(u),
      (c) => controls.push(c),
    );
    for (const l of [
      `${M}pid 7`,
      `${M}1 2 1 5 8 512 /data/media/a`,
      `${M}batch 1 0`,
      `${M}bogus 1`,
      `${M}end 0`,
    ])
      p.line(l);
    p.end();
    expect(controls.map((c) => c.kind)).toEqual(["pid", "batch", "end"]);
    expect(records).toHaveLength(1);
    expect(unparsed.map((u) => u.reason)).toEqual(["unexpected control line"]);
  });
});

describe("stderr diagnostics", () => {
  it.each([
    [
      "find: ‘/data/media/locked’: Permission denied",
      "find",
      "/data/media/locked",
      "Permission denied",
    ],
    [
      "find: '/data/media/locked': Permission denied",
      "find",
      "/data/media/locked",
      "Permission denied",
    ],
    [
      "find: /data/media/locked: Permission denied",
      "find",
      "/data/media/locked",
      "Permission denied",
    ],
    [
      "stat: cannot statx '/data/media/gone.mkv': No such file or directory",
      "stat",
      "/data/media/gone.mkv",
      "No such file or directory",
    ],
    [
      "stat: can't stat '/data/torrents/x y': File name too long",
      "stat",
      "/data/torrents/x y",
      "File name too long",
    ],
  ])("%s", (line, tool, path, message) => {
    expect(parseToolError(line)).toEqual({ tool, path, message });
  });

  it("keeps an unknown diagnostic as its text", () => {
    expect(parseToolError("exec failed: no such file")).toEqual({
      tool: "",
      message: "exec failed: no such file",
    });
    expect(parseToolError("boom")).toEqual({ tool: "", message: "boom" });
  });

  it("joins BusyBox's raw multi-line names", () => {
    const errors: ToolError[] = [];
    const p = new StderrParser((e) => errors.push(e));
    for (const l of [
      "find: /data/media/a",
      "b: Permission denied",
      "find: /data/media/c: Permission denied",
    ])
      p.line(l);
    p.end();
    expect(errors.map((e) => e.path)).toEqual(["/data/media/a\nb", "/data/media/c"]);
  });
});

describe("command", () => {
  it("is fixed: a constant script, the mount path, the batch script and the stat format", () => {
    const argv = hardlinkAuditCommand("/data");
    expect(argv).toHaveLength(7);
    expect(argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(argv.slice(3)).toEqual([
      "arr-hardlink-audit",
      "/data",
      `stat -c "$0" "$@"; printf '\\037batch %s %s\\n' $# $?`,
      `${M}%d %i %h %s %b %B %n`,
    ]);
    expect(argv[2]).toBe(hardlinkAuditCommand("/other")[2]);
    expect(argv[2]).toMatch(/find "\$m\/torrents" "\$m\/media" -type f -exec sh -c/);
  });

  it("kills only a validated pid", () => {
    expect(killCommand(4242).slice(3)).toEqual(["arr-kill", "4242"]);
    expect(killCommand(4242)[2]).toBe(killCommand(7)[2]);
    for (const bad of [0, 1, -5, 1.5, Number.NaN, 2 ** 40])
      expect(() => killCommand(bad)).toThrow(/refusing/);
  });

  it("refuses a mount path that is not a plain absolute path", () => {
    expect(() => auditRoots("/data; rm -rf /")).toThrow(/refusing/);
    expect(() => auditRoots("data")).toThrow(/refusing/);
    expect(() => auditRoots("/data/../etc")).not.toThrow(); // dots are plain names to find, not a shell
  });
});
