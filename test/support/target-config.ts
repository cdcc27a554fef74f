/**
 * A target configuration file (--config) for our mock on a port, as an operator sandbox's would be
 * written: its API root, the demo client's credentials at its /token, and optional apiRoots. Written to
 * a fresh temporary folder; `remove()` deletes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TargetConfigFile {
  file: string;
  remove(): void;
}

export function writeMockTargetConfig(mockUrl: string, apiRoots: Record<string, string> = {}): TargetConfigFile {
  const dir = mkdtempSync(join(tmpdir(), "camara-target-config-"));
  const file = join(dir, "target.json");
  writeFileSync(
    file,
    JSON.stringify({
      apiRoot: mockUrl,
      apiRoots,
      auth: { tokenUrl: `${mockUrl}/token`, client: { clientId: "demo-app", clientSecret: "demo-app-secret" } },
    }),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
