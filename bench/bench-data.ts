/**
 * Test data for the benchmark: data/testdata.yaml with two changes, both printed by the benchmark.
 *  - operator.rateLimitPerSecond is raised far above any reachable rate, so that the mock does the same
 *    work as in normal use (the limiter still counts every request) but never answers 429.
 *  - `count` extra plain subscribers (phone numbers +34601000000, +34601000001, ...) so that each POST
 *    can create a session for a device that has no active session: a second active session for one
 *    device is 409 CONFLICT, and a benchmark of errors measures nothing.
 */
import type { TestData } from "../src/core/testdata.ts";
import { loadOperatorTestData } from "../src/apis/registry.ts";

export const BENCH_RATE_LIMIT_PER_SECOND = 1e9;
/** Phone numbers +34601000000 .. +34601999999: outside the default test data (+346000000xx). */
export const MAX_EXTRA_SUBSCRIBERS = 1_000_000;

export function benchPhoneNumber(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_EXTRA_SUBSCRIBERS) throw new RangeError(`no bench subscriber #${i}`);
  return `+34601${String(i).padStart(6, "0")}`;
}

export function benchTestData(extraSubscribers: number): TestData {
  const data = loadOperatorTestData();
  const subscribers = [...data.subscribers];
  for (let i = 0; i < extraSubscribers; i++) {
    subscribers.push({ id: `bench-${i}`, phoneNumber: benchPhoneNumber(i) });
  }
  return { ...data, operator: { ...data.operator, rateLimitPerSecond: BENCH_RATE_LIMIT_PER_SECOND }, subscribers };
}
