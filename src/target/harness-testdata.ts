/**
 * GET /_harness/testdata of a target given by --base-url: our mock publishes its test data there, so
 * the runner needs no configuration file. Three answers: the data; "absent" (not our mock: 404, not
 * JSON, refused), which asks for --config; or a problem (unreachable, a protected control plane
 * without its token, a 5xx, a huge or broken body),
 * told as what it is (src/target/network-error.ts), never as "exposes no /_harness/testdata".
 */
import { CONTROL_PLANE_CHALLENGE, CONTROL_TOKEN_ENV } from "../core/harness-wire.ts";
import type { TestData } from "../core/testdata.ts";
import { describeFetchFailure, readLimited, tooLarge } from "./network-error.ts";

export type TestDataAnswer = { data: TestData } | { absent: string } | { problem: string };

const snippet = (text: string) => {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
};

export async function readHarnessTestData(baseUrl: string, timeoutMs: number): Promise<TestDataAnswer> {
  const url = `${baseUrl}/_harness/testdata`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { problem: `cannot read the target's test data: ${describeFetchFailure(`GET ${url}`, error, timeoutMs)}` };
  }
  let body;
  try {
    body = await readLimited(res);
  } catch (error) {
    return { problem: describeFetchFailure(`GET ${url} (reading the ${res.status} answer)`, error, timeoutMs) };
  }
  if (body.truncated) return { problem: `GET ${url} answered ${res.status} with ${tooLarge()} — check the target` };
  // our mock's control plane, protected (any other 401 is a target without one: see below)
  if (res.status === 401 && res.headers.get("www-authenticate") === CONTROL_PLANE_CHALLENGE) {
    return { problem: `${new URL(url).origin} protects its control plane (401 on /_harness/testdata): give its token with --control-token or ${CONTROL_TOKEN_ENV}` };
  }
  if (res.status >= 500) {
    return { problem: `GET ${url} answered ${res.status}${body.text ? ` (${snippet(body.text)})` : ""} — the target failed; check its logs` };
  }
  if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return { absent: `GET ${url} answered ${res.status}${res.ok ? ", not JSON" : ""}` };
  try {
    return { data: JSON.parse(body.text) as TestData };
  } catch {
    return { problem: `GET ${url} answered ${res.status} with a body that is not valid JSON (${snippet(body.text)}) — check the target` };
  }
}
