// Prints an ARR_ADMIN_PASSWORD_HASH value for a password read from stdin (never from argv, which
// other users can see in the process list). Usage:
//   npm run -s auth:hash            (prompts; input is not echoed when stdin is a terminal)
//   printf %s "$PW" | npm run -s auth:hash
import { hashPassword } from "../lib/auth/password.ts";

async function readPassword() {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) {
    let data = "";
    for await (const chunk of stdin) data += chunk;
    return data.replace(/\r?\n$/, "");
  }
  stderr.write("Admin password: ");
  stdin.setRawMode(true);
  let pw = "";
  for await (const chunk of stdin) {
    for (const ch of chunk.toString("utf8")) {
      if (ch === "\r" || ch === "\n") {
        stdin.setRawMode(false);
        stderr.write("\n");
        return pw;
      }
      if (ch === "\u0003") process.exit(130);
      if (ch === "\u007f") pw = pw.slice(0, -1);
      else pw += ch;
    }
  }
  return pw;
}

const pw = await readPassword();
if (pw.length < 12) {
  process.stderr.write("Use at least 12 characters.\n");
  process.exit(1);
}
process.stdout.write((await hashPassword(pw)) + "\n");
process.exit(0);
