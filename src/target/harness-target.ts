/**
 * A target that runs our mock (built in, or remote) describes itself at GET /_harness/testdata: the
 * runner derives the whole target configuration from it (clients, subscribers per state, profiles,
 * clock, token minting), so `conformance --base-url URL` needs no config file for such a target.
 */
import { testDataModel } from "../apis/registry.ts";
import type { TestData } from "../core/testdata.ts";
import { linesFromTestData } from "./known-lines.ts";
import { consentFacts } from "./consent-facts.ts";
import type { TargetContext, TestSubscriber } from "./target.ts";

/** Schema-valid identifiers chosen outside the test data: IDENTIFIER_NOT_FOUND scenarios. */
export function unknownSubscriber(data: TestData): TestSubscriber {
  const phones = new Set(data.subscribers.map((s) => s.phoneNumber));
  let n = 34699999999;
  while (phones.has(`+${n}`)) n--;
  return { phoneNumber: `+${n}`, device: { phoneNumber: `+${n}`, ipv4Address: { publicAddress: "192.0.2.254", publicPort: 9 } } };
}

function asTestSubscriber(s: TestData["subscribers"][number] | undefined): TestSubscriber | undefined {
  if (!s) return undefined;
  return { phoneNumber: s.phoneNumber, device: { phoneNumber: s.phoneNumber, ...(s.device ?? {}) } };
}

/** Profiles restricted to certain devices (test data `restrictedTo`) that one subscriber may use. */
function restrictedProfiles(data: TestData): TargetContext["qosProfiles"]["restricted"] {
  for (const p of data.qosProfiles) {
    const subscriber = data.subscribers.find((s) => p.restrictedTo?.includes(s.id));
    if (!subscriber) continue;
    const names = data.qosProfiles.filter((q) => q.restrictedTo?.includes(subscriber.id)).map((q) => q.name);
    return { names, subscriber: asTestSubscriber(subscriber)! };
  }
  return undefined;
}

function throttledClient(data: TestData): TargetContext["auth"]["throttled"] {
  const c = data.clients.find((x) => x.clientSecret && x.rateLimitPerSecond && x.rateLimitPerSecond <= 10 && x.scopes.includes("*"));
  return c && { clientId: c.clientId, clientSecret: c.clientSecret, rateLimitPerSecond: c.rateLimitPerSecond! };
}

export function targetFromHarness(
  apiRoot: string,
  data: TestData,
  base: Pick<TargetContext, "release" | "seed" | "timeoutMs" | "apis" | "builtInMock" | "sink" | "grep" | "specsDir">,
): TargetContext {
  const plain = data.subscribers.filter((s) => !(s.traits?.length) && s.device?.ipv4Address);
  const withTrait = (t: string) => data.subscribers.find((s) => s.traits?.includes(t as never));
  const fullClients = data.clients.filter((c) => c.clientSecret && c.scopes.includes("*") && !c.rateLimitPerSecond);
  const active = data.qosProfiles.find((p) => p.status === "ACTIVE" && p.maxDuration);
  const seconds = (d?: { value: number; unit: string }) =>
    d ? d.value * ({ Days: 86400, Hours: 3600, Minutes: 60, Seconds: 1 } as Record<string, number>)[d.unit] : undefined;
  const root = apiRoot.replace(/\/+$/, "");
  return {
    ...base,
    apiRoot: root,
    apiRoots: {},
    auth: {
      tokenUrl: `${root}/token`,
      bcAuthorizeUrl: `${root}/bc-authorize`,
      primary: fullClients[0] && { clientId: fullClients[0].clientId, clientSecret: fullClients[0].clientSecret },
      secondary: fullClients[1] && { clientId: fullClients[1].clientId, clientSecret: fullClients[1].clientSecret },
      throttled: throttledClient(data),
      mintUrl: `${root}/_harness/tokens`,
      staticTokens: {},
      purpose: "dpv:RequestedServiceProvision",
    },
    subscribers: {
      plain: asTestSubscriber(plain[plain.length - 1]),
      plain2: asTestSubscriber(plain[plain.length - 2]),
      notApplicable: asTestSubscriber(withTrait("qod-not-applicable")),
      qodUnavailable: asTestSubscriber(withTrait("qod-unavailable")),
      unknown: unknownSubscriber(data),
    },
    unsupportedIdentifiers: data.operator.unsupportedIdentifiers,
    qosProfiles: {
      active: active?.name,
      inactive: data.qosProfiles.find((p) => p.status === "INACTIVE")?.name,
      deprecated: data.qosProfiles.find((p) => p.status === "DEPRECATED")?.name,
      activeMaxDurationSeconds: seconds(active?.maxDuration),
      activeMinDurationSeconds: seconds(active?.minDuration),
      restricted: restrictedProfiles(data),
    },
    // our mock revokes a QoS assignment at once: 204 (src/apis/qos-provisioning/assignments.ts)
    qosAssignmentDeletion: "synchronous",
    consents: consentFacts(data, fullClients[0]?.clientId),
    clockUrl: `${root}/_harness/clock`,
    deliveryLogUrl: `${root}/_harness/events`,
    simChangeUrl: `${root}/_harness/subscribers`,
    sections: Object.fromEntries(Object.keys(testDataModel().sections ?? {}).filter((k) => k in data).map((k) => [k, data[k]])),
    // NV: the runner mints network-authenticated tokens for `plain`; `plain2` is another subscriber
    lines: linesFromTestData(data, { verifies: plain[plain.length - 1]?.phoneNumber, doesNotVerify: plain[plain.length - 2]?.phoneNumber }),
    deviations: {},
  };
}
