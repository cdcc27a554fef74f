/**
 * The one way report files reach the disk: checked for secrets first, so no reporter can forget.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { assertNoSecrets } from "./secret-guard.ts";

export async function writeReportFile(path: string, content: string): Promise<void> {
  assertNoSecrets(content, path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, "utf8");
}
