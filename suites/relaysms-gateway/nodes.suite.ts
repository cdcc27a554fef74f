/**
 * RelaySMS gateway nodes (seed 004; specs/relaysms-gateway/1.0.0.yaml): a ping lists the node with the
 * LPS it answered, LPS only grows, bad identities are refused with 400 INVALID_ARGUMENT and change
 * nothing, and a node whose last ping is older than the operator's seedTtlSeconds leaves the list.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { listSeeds, node, ping, relay, SCOPES, section, type SeedPing } from "../support/relaysms.ts";
import { scenario } from "../support/scenario.ts";

const common = { api: "relaysms-gateway", version: "1.0.0", layer: "api" as const };
const id = (op: string, n: string) => `relaysms_gateway_${op}_${n}`;

async function pingRaw(t: ScenarioContext, body: unknown) {
  return relay(t).POST("/seeds/ping", { headers: await t.headers({ scopes: [SCOPES.write] }), body: body as SeedPing });
}

async function listed(t: ScenarioContext, imsi: string) {
  return (await listSeeds(t)).filter((s) => s.IMSI === imsi);
}

const INVALID: { n: string; what: string; change: (p: SeedPing) => Record<string, unknown> }[] = [
  { n: "400.01_imsi_letters", what: "an IMSI with letters (the seed's sample_IMSI)", change: (p) => ({ ...p, IMSI: "sample_IMSI" }) },
  { n: "400.02_imsi_too_long", what: "an IMSI of 16 digits", change: (p) => ({ ...p, IMSI: "2140700000000001" }) },
  { n: "400.03_msisdn_not_e164", what: "an MSISDN without + (not E.164)", change: (p) => ({ ...p, MSISDN: p.MSISDN.slice(1) }) },
  { n: "400.04_msisdn_sample", what: "the seed's sample_MSISDN", change: (p) => ({ ...p, MSISDN: "sample_MSISDN" }) },
  { n: "400.05_seed_type_unknown", what: "an unknown seed_type", change: (p) => ({ ...p, seed_type: "relay" }) },
  { n: "400.06_missing_msisdn", what: "no MSISDN", change: ({ MSISDN: _, ...rest }) => rest },
];

describe("relaysms-gateway 1.0.0 gateway nodes (api)", () => {
  for (const c of INVALID) {
    scenario(
      { ...common, operationId: "pingSeed", id: id("pingSeed", c.n), title: `A ping with ${c.what} is refused and lists nothing`, rule: "RelaySMS gateway 1.0.0: IMSI 6-15 digits, MSISDN E.164, seed_type seed|seeder; bad input gives 400 INVALID_ARGUMENT and changes no state" },
      async (t: ScenarioContext) => {
        const good = node(t, c.n);
        const answer = await pingRaw(t, c.change(good));
        t.expectError(answer, 400, "INVALID_ARGUMENT");
        expect(await listed(t, good.IMSI), "the node of the refused ping is not listed").toEqual([]);
      },
    );
  }

  scenario(
    { ...common, operationId: "pingSeed", id: id("pingSeed", "01_listed_with_its_lps"), title: "A ping lists the node with the LPS it answered", rule: "RelaySMS gateway 1.0.0: POST /seeds/ping adds the node to GET /seeds with its LPS" },
    async (t: ScenarioContext) => {
      const n = node(t, "listed");
      const lps = await ping(t, n);
      expect(typeof lps === "number" && Number.isFinite(lps), "LPS is a number of seconds").toBe(true);
      expect(await listed(t, n.IMSI)).toEqual([{ ...n, LPS: lps }]);
    },
  );

  scenario(
    { ...common, operationId: "pingSeed", id: id("pingSeed", "02_lps_strictly_increasing"), title: "Three pings of one node in a row answer strictly increasing LPS", rule: "RelaySMS gateway 1.0.0: a node's LPS only grows, even within one millisecond" },
    async (t: ScenarioContext) => {
      const n = node(t, "monotonic");
      const a = await ping(t, n);
      const b = await ping(t, n);
      const c = await ping(t, n);
      expect(b, "second LPS > first").toBeGreaterThan(a);
      expect(c, "third LPS > second").toBeGreaterThan(b);
      expect((await listed(t, n.IMSI)).map((s) => s.LPS), "listed with the latest LPS").toEqual([c]);
    },
  );

  scenario(
    { ...common, operationId: "pingSeed", id: id("pingSeed", "03_lps_follows_the_clock"), title: "After 120 s on the target's clock a ping answers an LPS at least 120 s later", rule: "RelaySMS gateway 1.0.0: LPS is the Unix time of the ping on the operator's clock" },
    async (t: ScenarioContext) => {
      const n = node(t, "clock");
      const before = await ping(t, n);
      await t.advanceClock(120);
      const after = await ping(t, n);
      expect(after - before, "LPS difference, s").toBeGreaterThanOrEqual(120);
      expect(after - before, "LPS difference, s (no more than the jump plus a minute of real time)").toBeLessThan(180);
    },
  );

  scenario(
    { ...common, operationId: "pingSeed", id: id("pingSeed", "04_refresh_updates_the_node"), title: "A node pinging with a new MSISDN and seed_type is listed once, with the new values", rule: "RelaySMS gateway 1.0.0: a node is known by its IMSI; a later ping may change its MSISDN and seed_type" },
    async (t: ScenarioContext) => {
      const n = node(t, "refresh");
      await ping(t, n);
      const changed: SeedPing = { ...n, MSISDN: node(t, "refresh-2").MSISDN, seed_type: "seeder" };
      const lps = await ping(t, changed);
      expect(await listed(t, n.IMSI)).toEqual([{ ...changed, LPS: lps }]);
    },
  );

  scenario(
    { ...common, operationId: "listSeeds", id: id("listSeeds", "01_node_expires_after_ttl"), title: "A node leaves GET /seeds once its last ping is older than seedTtlSeconds, and comes back with a ping", rule: "RelaySMS gateway 1.0.0: GET /seeds lists the nodes whose last ping is at most seedTtlSeconds old" },
    async (t: ScenarioContext) => {
      const ttl = section(t).seedTtlSeconds;
      t.require(ttl, "the target does not publish seedTtlSeconds (test-data section relaysmsGateway)");
      const n = node(t, "expiry");
      await ping(t, n);
      await t.advanceClock(ttl - 5);
      expect(await listed(t, n.IMSI), `still listed ${ttl - 5} s after its ping`).toHaveLength(1);
      await t.advanceClock(10);
      expect(await listed(t, n.IMSI), `not listed ${ttl + 5} s after its ping`).toEqual([]);
      const lps = await ping(t, n);
      expect(await listed(t, n.IMSI), "listed again after a new ping").toEqual([{ ...n, LPS: lps }]);
    },
  );

  scenario(
    { ...common, operationId: "listSeeds", id: id("listSeeds", "02_only_fresh_nodes"), title: "Every listed node pinged within seedTtlSeconds of the target's clock", rule: "RelaySMS gateway 1.0.0: no node older than seedTtlSeconds is listed" },
    async (t: ScenarioContext) => {
      const ttl = section(t).seedTtlSeconds;
      t.require(ttl, "the target does not publish seedTtlSeconds (test-data section relaysmsGateway)");
      const lps = await ping(t, node(t, "fresh"));
      const seeds = await listSeeds(t);
      expect(seeds.length, "at least the node just pinged").toBeGreaterThan(0);
      const stale = seeds.filter((s) => s.LPS < lps - ttl);
      expect(stale, `nodes older than ${ttl} s`).toEqual([]);
    },
  );
});
