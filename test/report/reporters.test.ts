/** createReporters + dispatchEvent: the runner's whole view of reporting. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Reporter, RunEvent } from "../../src/results/results.ts";
import { createReporters, dispatchEvent, ReporterError } from "../../src/report/index.ts";
import { captureStream } from "./capture-stream.ts";
import { eventsOf, fixtureReport } from "./report-fixture.ts";

const root = mkdtempSync(join(tmpdir(), "camara-reporters-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("createReporters", () => {
  it.each([
    { console: false as const, reporters: 3 },
    { console: "stream" as const, reporters: 4 },
  ])("console=$console -> $reporters reporters, three files in a new directory", async ({ console, reporters }) => {
    const dir = join(root, `out-${console}`, "nested");
    const { stream, text } = captureStream();
    const list = createReporters({ dir, console: console === false ? false : stream });
    expect(list).toHaveLength(reporters);
    for (const e of eventsOf(fixtureReport())) await dispatchEvent(list, e);
    expect(readdirSync(dir).sort()).toEqual(["index.html", "junit.xml", "results.json"]);
    await new Promise((resolve) => setImmediate(resolve));
    if (console === "stream") {
      // files are written before the console summary, so it lists them as written
      expect(text()).toContain(`Reports:\n  ${join(dir, "results.json")}\n  ${join(dir, "junit.xml")}\n  ${join(dir, "index.html")}\n`);
    } else {
      expect(text()).toBe("");
    }
  });
});

describe("dispatchEvent", () => {
  it("gives the event to every reporter in order even when one throws, then throws them together", async () => {
    const seen: string[] = [];
    const recorder = (name: string): Reporter => ({ onEvent: (e) => void seen.push(`${name}:${e.type}`) });
    const broken: Reporter = {
      onEvent: async () => {
        throw new Error("disk full");
      },
    };
    const event: RunEvent = { type: "run-end", report: fixtureReport() };
    const error = await dispatchEvent([recorder("a"), broken, recorder("b")], event).catch((e: unknown) => e);
    expect(seen).toEqual(["a:run-end", "b:run-end"]);
    expect(error).toBeInstanceOf(ReporterError);
    expect((error as ReporterError).message).toBe("1 reporter(s) failed: disk full");
  });

  it("resolves when every reporter succeeds", async () => {
    await expect(dispatchEvent([], { type: "run-end", report: fixtureReport() })).resolves.toBeUndefined();
  });
});
