/**
 * The target of a features run, built the way the conformance runner builds it: the built-in mock of
 * the chosen release (started on a loopback port), a target that describes itself at
 * /_harness/testdata (our mock elsewhere), or a target configuration file. A harness target also
 * gives the test data the official scenarios ask for (SIM-swap states...): see fixtures.ts.
 */
import { ConfigError, loadTargetConfig } from "../conformance/config.ts";
import { targetFromHarness } from "../conformance/harness-target.ts";
import { preflight } from "../conformance/preflight.ts";
import type { TargetContext } from "../conformance/target.ts";
import { createMock } from "../mock/app.ts";
import { listen } from "../mock/server.ts";
import type { TestData } from "../mock/testdata.ts";
import { emptyFixtures, fixturesFromTestData, type FeatureFixtures } from "./fixtures.ts";

export interface TargetOptions {
  baseUrl?: string;
  configFile?: string;
  release: string;
  apis: string[];
  seed: number;
  timeoutMs?: number;
  /** the runner's notification sink */
  sink: { url: string; readUrl: string };
}

export interface PreparedTarget {
  target: TargetContext;
  fixtures: FeatureFixtures;
  builtInMock: boolean;
  close(): Promise<void>;
}

const isLocal = (url: string) => /^http:\/\/(127\.|localhost|\[::1\])/.test(url);

async function fetchJson<T>(url: string, timeoutMs: number): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/** The target's clock (virtual where exposed), to date the test data's relative SIM history. */
async function clockOf(target: TargetContext): Promise<number> {
  const body = target.clockUrl ? await fetchJson<{ now?: string }>(target.clockUrl, target.timeoutMs) : undefined;
  const t = Date.parse(body?.now ?? "");
  return Number.isFinite(t) ? t : Date.now();
}

export async function prepareTarget(options: TargetOptions): Promise<PreparedTarget> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = { release: options.release, seed: options.seed, timeoutMs, apis: options.apis, grep: undefined };
  if (!options.baseUrl && !options.configFile) {
    const app = await createMock({ release: options.release, allowInsecureSinks: true, notificationRetryDelaysMs: [] });
    const server = await listen(app, { port: 0 });
    const target = targetFromHarness(server.url, app.testdata(), { ...base, builtInMock: true, sink: options.sink });
    return {
      target,
      fixtures: fixturesFromTestData(target, app.testdata(), app.clock.now()),
      builtInMock: true,
      close: async () => {
        await server.close();
        app.close();
      },
    };
  }
  if (options.configFile) {
    const fromFile = loadTargetConfig(options.configFile);
    if (options.baseUrl) fromFile.apiRoot = options.baseUrl.replace(/\/+$/, "");
    const target: TargetContext = {
      ...fromFile,
      ...base,
      timeoutMs: options.timeoutMs ?? fromFile.timeoutMs,
      builtInMock: false,
      sink: fromFile.sink ?? (isLocal(fromFile.apiRoot) ? options.sink : undefined),
    };
    return { target, fixtures: emptyFixtures(target), builtInMock: false, close: async () => {} };
  }
  const baseUrl = options.baseUrl!.replace(/\/+$/, "");
  const problems = await preflight([baseUrl], timeoutMs);
  if (problems.length > 0) throw new ConfigError(problems[0]);
  const data = await fetchJson<TestData>(`${baseUrl}/_harness/testdata`, timeoutMs);
  if (!data) {
    throw new ConfigError(`${baseUrl} exposes no /_harness/testdata, so the runner cannot know its test data: give --config target.yaml (see examples/)`);
  }
  const target = targetFromHarness(baseUrl, data, { ...base, builtInMock: false, sink: isLocal(baseUrl) ? options.sink : undefined });
  return { target, fixtures: fixturesFromTestData(target, data, await clockOf(target)), builtInMock: false, close: async () => {} };
}
