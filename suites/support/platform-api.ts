/**
 * Calls of the Open Gateway platform API for its scenarios: any method, path and token, recorded as
 * evidence, answered as {response, data} so t.expectError applies.
 */
import type { ApiAnswer, ScenarioContext } from "./context.ts";
import { rawRequest } from "./raw.ts";

export const OGP_BASE = "/open-gateway-platform/v1";
export const OGP = (s: string) => `open-gateway-platform:${s}`;

export async function ogp(t: ScenarioContext, method: string, path: string, token: string, body?: unknown): Promise<ApiAnswer> {
  return rawRequest(t, { method, url: t.url("open-gateway-platform", OGP_BASE, path), headers: await t.headers(token), body });
}

export function expectStatus(answer: ApiAnswer, status: number, what: string): Record<string, any> {
  if (answer.response.status !== status) throw Object.assign(new Error(`${what}: expected ${status}, got ${answer.response.status} ${JSON.stringify(answer.data)?.slice(0, 200)}`), { name: "AssertionError", expected: status, actual: answer.response.status });
  return (answer.data ?? {}) as Record<string, any>;
}
