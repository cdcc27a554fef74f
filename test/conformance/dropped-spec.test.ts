/**
 * "A spec dropped into specs/ is served at once, and tested" (README; issue 10 item 2): a specs
 * folder holding our specs plus one API that no module implements. The built-in mock serves it
 * statelessly through Prism (listed in `stateless`, a well-formed request answered from the spec),
 * and `conformance --specs-dir` runs the generic layers (spec-derived, identification) against it:
 * every scenario of that API ran (none skipped for want of a well-formed request), and the checks a
 * stateless mocker can satisfy (401 without or with a bad token, 403 without the scope, x-correlator
 * echoed) pass.
 *
 * Two such APIs: a copy of our QoS Profiles spec under a new name and base path (always runs), and
 * the official Device Location Retrieval file (needs CAMARA_REFERENCE_DIR; skipped with a printed
 * reason otherwise); both go through one CLI run. The official file is copied to a temporary folder only, never into the project.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import type { ScenarioResult } from "../../src/results/results.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";
import { type CliRun, runCli } from "./run-cli.ts";

interface DroppedApi {
  api: string;
  version: string;
  basePath: string;
  /** a request the spec documents an answer for, and the scope it needs */
  request: { method: string; path: string; body?: unknown; scope: string };
  /** writes the spec into `specsDir/<api>/<version>.yaml` */
  write(specsDir: string): void;
}

const OWN_COPY: DroppedApi = {
  api: "device-profiles",
  version: "1.1.0",
  basePath: "/device-profiles/v1",
  request: { method: "POST", path: "/retrieve-qos-profiles", body: { status: "ACTIVE" }, scope: "qos-profiles:read" },
  write(specsDir) {
    const text = readFileSync(join(PROJECT_ROOT, "specs/qos-profiles/1.1.0.yaml"), "utf8").replace('"{apiRoot}/qos-profiles/v1"', '"{apiRoot}/device-profiles/v1"');
    mkdirSync(join(specsDir, this.api));
    writeFileSync(join(specsDir, this.api, `${this.version}.yaml`), text);
  },
};

const DEVICE_LOCATION: DroppedApi = {
  api: "location-retrieval",
  version: "0.5.0",
  basePath: "/location-retrieval/v0.5",
  request: {
    method: "POST",
    path: "/retrieve",
    body: { device: { phoneNumber: "+34600000001" } },
    scope: "location-retrieval:read",
  },
  write(specsDir) {
    mkdirSync(join(specsDir, this.api));
    cpSync(join(REFERENCE_DIR, "DeviceLocation/location-retrieval.yaml"), join(specsDir, this.api, `${this.version}.yaml`));
  },
};

const WITH_OFFICIAL = referenceAvailable();
const DROPPED = WITH_OFFICIAL ? [OWN_COPY, DEVICE_LOCATION] : [OWN_COPY];

/** A temporary specs folder: ours (with specs/common, which they $ref) plus the dropped ones. */
function specsWith(apis: DroppedApi[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dropped-spec-")), "specs");
  cpSync(join(PROJECT_ROOT, "specs"), dir, { recursive: true });
  for (const api of apis) api.write(dir);
  return dir;
}

async function token(app: MockApp, scope: string): Promise<string> {
  const res = await app.fetch(
    new Request("http://mock.local/_harness/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: "demo-app", scope }),
    }),
  );
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("specs dropped into specs/ without an API module", () => {
  let specsDir: string;
  let app: MockApp;
  let run: CliRun;

  beforeAll(async () => {
    if (!WITH_OFFICIAL) console.warn("SKIP (official Device Location case only): the official CAMARA files are not available; the copy of our own spec still runs");
    specsDir = specsWith(DROPPED);
    app = await createMock({ specsDir, notificationRetryDelaysMs: [] });
    // one run of the CLI for every dropped API (each run costs a vitest start-up)
    run = await runCli(["conformance", "--specs-dir", specsDir, "--api", DROPPED.map((a) => a.api).join(",")], 180_000);
  }, 200_000);
  afterAll(() => app?.close());

  it("leaves the run without harness errors", () => {
    expect(run.report, run.stdout.slice(-2000) + run.stderr).toBeDefined();
    expect(run.report!.harnessErrors).toEqual([]);
    expect(new Set(run.report!.results.map((r) => r.api))).toEqual(new Set(DROPPED.map((a) => a.api)));
  });

  for (const api of DROPPED) {
    it(`${api.api}: served statelessly by the mock (Prism), from its spec`, async () => {
      expect(app.stateless).toContain(`${api.api} ${api.version}`);
      const res = await app.fetch(
        new Request(`http://mock.local${api.basePath}${api.request.path}`, {
          method: api.request.method,
          headers: { authorization: `Bearer ${await token(app, api.request.scope)}`, "content-type": "application/json", "x-correlator": "dropped-1" },
          body: api.request.body === undefined ? undefined : JSON.stringify(api.request.body),
        }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("x-correlator")).toBe("dropped-1");
      expect(await res.json()).toBeTruthy();
    });

    it(`${api.api}: tested by the generic layers (spec-derived and identification), none of it skipped`, () => {
      const results: ScenarioResult[] = (run.report?.results ?? []).filter((r) => r.api === api.api);
      expect(results.filter((r) => r.status === "skip" || r.status === "error").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
      const ids = results.map((r) => r.id);
      expect(ids.filter((id) => id.includes("_generic_")).length).toBeGreaterThan(3);
      expect(ids.some((id) => id.includes("_identification_"))).toBe(true);
      // what a stateless mocker does get right: authentication, scope, the x-correlator echo
      for (const suffix of ["generic_401_no_token", "generic_401_malformed_token", "generic_403_missing_scope", "generic_x-correlator_echoed"]) {
        const mine = results.filter((r) => r.id.endsWith(suffix));
        expect(mine.length, suffix).toBeGreaterThan(0);
        expect(mine.map((r) => `${r.id} ${r.status}`)).toEqual(mine.map((r) => `${r.id} pass`));
      }
      expect(results.every((r) => r.exchanges.length > 0)).toBe(true);
    });
  }
});
