/**
 * The one way report files reach the disk: every secret the harness knows is masked (by value,
 * src/core/redact.ts) and the result checked for anything JWT-shaped, so no reporter can forget.
 */
import { knownSecrets } from "../core/redact.ts";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { assertNoSecrets } from "./secret-guard.ts";

export async function writeReportFile(path: string, text: string): Promise<void> {
  const content = knownSecrets.mask(text);
  assertNoSecrets(content, path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, "utf8");
}
