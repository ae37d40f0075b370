// Captures what a test's code writes to stdout and stderr (still passed through), so a test can
// grep the log lines for secrets.

/** Runs `fn` while recording every stdout/stderr write; answers its result and the lines. */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array, ...r: unknown[]) => {
    lines.push(String(c));
    return write(c, ...(r as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array, ...r: unknown[]) => {
    lines.push(String(c));
    return writeErr(c, ...(r as []));
  }) as typeof process.stderr.write;
  try {
    return { result: await fn(), lines };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}
