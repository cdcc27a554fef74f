/**
 * SIM Swap subscriptions 0.3.0, every scenario of the official Fall25 test definitions
 * (sim-swap-subscriptions.feature) under its official id. Where the definition contradicts the
 * spec, the scenario checks the spec's wire contract and its rule says so:
 *   - delete_05: a 204 has no body (the definition asks for a Subscription body), and
 *     SubscriptionEnded defines no data.phoneNumber;
 *   - creation_25 row config.subscriptionDetail.phoneNumber: the property is optional, so a 2-legged
 *     request without it is the documented 422 MISSING_IDENTIFIER, not 400;
 *   - creation_100: createSimSwapSubscription documents SERVICE_NOT_APPLICABLE, not UNSUPPORTED_IDENTIFIER.
 * creation_01 and creation_02 are alternatives (sync 201 or async 202): the one the target did not
 * take is skipped with that reason, as the definition allows.
 */
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { type UnauthenticatedKind, unauthenticatedHeaders } from "../support/auth-cases.ts";
import type { ScenarioContext } from "../support/context.ts";
import { officialFeature } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { declared, recordSimChange, targetNow } from "../sim-swap/sim-swap-release.ts";
import {
  API, CREATE_SCOPE, DELETE_SCOPE, ENDED, READ_SCOPE, SWAPPED, VERSION, awaitEvents, createRaw, creationBody, expectEnded, expectEvent,
  listSubscriptions, subscriptionRequest, typesOf, watch,
} from "./subscription-helpers.ts";

const feature = (operationId: string) => officialFeature({ api: API, version: VERSION, operationId, file: "sim-swap-subscriptions.feature", folder: "SimSwap" });
const create = feature("createSimSwapSubscription");
const retrieve = feature("retrieveSubscription");
const list = feature("retrieveSubscriptionList");
const remove = feature("deleteSubscription");
const P = "sim_swap_subscription";
const line = (t: ScenarioContext) => t.subscriber("plain").phoneNumber;
const sinkUrl = (t: ScenarioContext) => (t.target.sink ? t.sink().url : undefined);

describe(`sim-swap-subscriptions ${VERSION} (official)`, () => {
  scenario(create(`${P}_creation_01_sync_creation`, 25, "Check sync subscription creation",
    "201 Subscription with types, protocol, sink and config.subscriptionDetail.phoneNumber as given, startsAt the time of the answer"), async (t: ScenarioContext) => {
    const body = creationBody(line(t), sinkUrl(t));
    const before = await targetNow(t);
    const answer = await createRaw(t, body);
    if (answer.response.status === 202) t.skip("the target creates subscriptions asynchronously (202): the definition lets this scenario be bypassed then");
    expect(answer.response.status, "status").toBe(201);
    expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
    const s = answer.data as Record<string, any>;
    expect({ types: s.types, protocol: s.protocol, sink: s.sink, phoneNumber: s.config?.subscriptionDetail?.phoneNumber }, "as given").toEqual({
      types: body.types, protocol: body.protocol, sink: body.sink, phoneNumber: body.config.subscriptionDetail.phoneNumber,
    });
    const startsAt = Date.parse(s.startsAt);
    expect(Math.abs(startsAt - before) <= 60_000, `startsAt ${s.startsAt} is the time of the answer`).toBe(true);
  });

  scenario(create(`${P}_creation_02_async_creation`, 40, "Check async subscription creation",
    "202 SubscriptionAsync (or, for a target that creates synchronously, bypassed)"), async (t: ScenarioContext) => {
    const answer = await createRaw(t, creationBody(line(t), sinkUrl(t)));
    if (answer.response.status === 201) t.skip("the target creates subscriptions synchronously (201): the definition lets this scenario be bypassed then");
    expect(answer.response.status, "status").toBe(202);
  });

  scenario(retrieve(`${P}_retrieve_03_retrieve_by_id`, 53, "Check existing subscription is retrieved by id", "200 Subscription of that id"), async (t: ScenarioContext) => {
    const id = (await createRaw(t, creationBody(line(t)))).data as { id: string };
    const answer = await subscriptionRequest(t, "GET", id.id);
    expect(answer.response.status, "status").toBe(200);
    expect((answer.data as { id?: string }).id, "id").toBe(id.id);
  });

  scenario(list(`${P}_retrieve_04_retrieve_list_2legs`, 63, "Check existing subscription(s) is/are retreived in list",
    "200 array of Subscription that lists the client's subscription"), async (t: ScenarioContext) => {
    const { id } = (await createRaw(t, creationBody(line(t)))).data as { id: string };
    const answer = await listSubscriptions(t, await t.token({ scopes: [READ_SCOPE] }));
    expect(answer.response.status, "status").toBe(200);
    expect((answer.data as { id: string }[]).map((s) => s.id), "listed ids").toContain(id);
  });

  scenario(list(`${P}_retrieve_07_retrieve_list_3legs`, 74, "Check existing subscription(s) is/are retrieved in list",
    "A 3-legged token lists the subscriptions of its phone number"), async (t: ScenarioContext) => {
    const subscriber = t.subscriber("plain");
    const createToken = await t.token({ scopes: [CREATE_SCOPE], subscriber });
    const created = await createRaw(t, creationBody(undefined), await t.headers(createToken), [DELETE_SCOPE]);
    expect(created.response.status, "createSimSwapSubscription status").toBe(201);
    const answer = await listSubscriptions(t, await t.token({ scopes: [READ_SCOPE], subscriber }));
    expect(answer.response.status, "status").toBe(200);
    expect((answer.data as { id: string }[]).map((s) => s.id), "listed ids").toContain((created.data as { id: string }).id);
  });

  scenario(list(`${P}_retrieve_08_retrieve_empty_list_3legs`, 86, "Check no existing subscription is retrieved in list",
    "A 3-legged token of a number without subscriptions lists []"), async (t: ScenarioContext) => {
    const answer = await listSubscriptions(t, await t.token({ scopes: [READ_SCOPE], subscriber: t.subscriber("plain2") }));
    expect(answer.response.status, "status").toBe(200);
    expect(answer.data, "body").toEqual([]);
  });

  scenario(remove(`${P}_delete_05_delete_subscription`, 97, "Check deletion of existing subscription & triggering of subscription-ended event",
    "204 without content, then a subscription-ended event with data.subscriptionId (SubscriptionEnded defines no data.phoneNumber)"), async (t: ScenarioContext) => {
    const w = await watch(t, line(t));
    const answer = await subscriptionRequest(t, "DELETE", w.id);
    expect(answer.response.status, "status").toBe(204);
    const events = await awaitEvents(w, (e) => e.length > 0);
    expect(typesOf(events), "events received").toEqual([ENDED]);
    expectEnded(events[0], w, ["SUBSCRIPTION_DELETED"]);
  });

  scenario(create(`${P}_creation_06_swapped`, 113, "Check swapped event is triggered when a sim swap is performed on the device",
    "A SIM swap of the line sends a swapped event: data.phoneNumber, data.subscriptionId, time of the swap"), async (t: ScenarioContext) => {
    const w = await watch(t, line(t));
    const at = await recordSimChange(t, w.phoneNumber);
    const events = await awaitEvents(w, (e) => e.length > 0);
    expect(typesOf(events), "events received").toEqual([SWAPPED]);
    expectEvent(events[0], w, SWAPPED);
    expect(events[0].body.data.phoneNumber, "data.phoneNumber").toBe(w.phoneNumber);
    expect(Math.abs(Date.parse(events[0].body.time) - at), "time of the swap").toBeLessThanOrEqual(1000);
  });

  scenario(create(`${P}_creation_07_subscription_ends_on_max_events`, 131, "Receive notification for subscription-ended event on max events reached",
    "subscriptionMaxEvents 1: swapped, then subscription-ended MAX_EVENTS_REACHED"), async (t: ScenarioContext) => {
    const w = await watch(t, line(t), { subscriptionMaxEvents: 1 });
    await recordSimChange(t, w.phoneNumber);
    const events = await awaitEvents(w, (e) => e.length >= 2);
    expect(typesOf(events), "events received").toEqual([SWAPPED, ENDED]);
    expectEnded(events[1], w, ["MAX_EVENTS_REACHED"]);
  });

  const credential = { accessToken: "sink-token", accessTokenExpiresUtc: new Date(Date.now() + 86_400_000).toISOString() };
  const invalid: [string, number, string, string, (t: ScenarioContext) => Promise<unknown>][] = [
    ["creation_20_invalid_protocol", 154, "subscription creation with invalid protocol", "INVALID_PROTOCOL", async (t) => ({ ...creationBody(line(t)), protocol: "MQTT3" })],
    ["creation_21_invalid_credential", 166, "subscription creation with invalid credential", "INVALID_CREDENTIAL",
      async (t) => ({ ...creationBody(line(t)), sinkCredential: { credentialType: "PLAIN", accessTokenType: "bearer", ...credential } })],
    ["creation_22_invalid_token", 182, "subscription creation with invalid token", "INVALID_TOKEN",
      async (t) => ({ ...creationBody(line(t)), sinkCredential: { credentialType: "ACCESSTOKEN", accessTokenType: "mac", ...credential } })],
    ["creation_23_invalid_eventType", 198, "subscription creation with invalid event type", "INVALID_ARGUMENT",
      async (t) => ({ ...creationBody(line(t)), types: ["org.camaraproject.sim-swap-subscriptions.v0.unknown-event"] })],
    ["creation_24_invalid_subscription_expire_time", 210, "subscription creation with invalid expire time", "INVALID_ARGUMENT", async (t) => {
      const body = creationBody(line(t));
      return { ...body, config: { ...body.config, subscriptionExpireTime: new Date((await targetNow(t)) - 3_600_000).toISOString() } };
    }],
    ["creation_26_invalid_sink", 239, "subscription creation with invalid sink", "INVALID_ARGUMENT", async (t) => ({ ...creationBody(line(t)), sink: "not-an-url" })],
  ];
  for (const [id, lineNo, title, code, body] of invalid) {
    scenario(create(`${P}_${id}`, lineNo, title, `400 ${code}`), async (t: ScenarioContext) => t.expectError(await createRaw(t, await body(t)), 400, code));
  }

  for (const property of ["protocol", "sink", "types"] as const) {
    scenario(create(`${P}_creation_25_require_input_properties_missing`, 223, "subscription creation with required properties missing",
      `Without the required ${property}: 400 INVALID_ARGUMENT`, property), async (t: ScenarioContext) => {
      const { [property]: _, ...body } = creationBody(line(t));
      t.expectError(await createRaw(t, body), 400, "INVALID_ARGUMENT");
    });
  }
  scenario(create(`${P}_creation_25_require_input_properties_missing`, 223, "subscription creation with required properties missing",
    "config.subscriptionDetail.phoneNumber is optional in the spec: a 2-legged request without it is 422 MISSING_IDENTIFIER (the definition's 400 contradicts the schema)",
    "config.subscriptionDetail.phoneNumber"), async (t: ScenarioContext) => {
    t.expectError(await createRaw(t, creationBody(undefined)), 422, "MISSING_IDENTIFIER");
  });

  const unauthenticated: [string, number, string, UnauthenticatedKind][] = [
    ["creation_40_no_authorization_header", 256, "No Authorization header", "missing"],
    ["creation_41_expired_access_token", 266, "Expired access token", "expired"],
    ["creation_42_invalid_access_token", 276, "Invalid access token", "invalid"],
  ];
  for (const [id, lineNo, title, kind] of unauthenticated) {
    scenario(create(`${P}_${id}`, lineNo, title, "401 UNAUTHENTICATED"), async (t: ScenarioContext) => {
      t.expectError(await createRaw(t, creationBody(line(t)), await unauthenticatedHeaders(t, kind, [CREATE_SCOPE])), 401, "UNAUTHENTICATED");
    });
  }

  scenario(retrieve(`${P}_retrieve_80_not_found_retrieve_by_id`, 291, "Request to retrieve a non-existing subscription", "404 NOT_FOUND"), async (t: ScenarioContext) => {
    t.expectError(await subscriptionRequest(t, "GET", randomUUID()), 404, "NOT_FOUND");
  });
  scenario(remove(`${P}_delete_81_not_found_delete_by_id`, 299, "Request to delete a non-existing subscription", "404 NOT_FOUND"), async (t: ScenarioContext) => {
    t.expectError(await subscriptionRequest(t, "DELETE", randomUUID()), 404, "NOT_FOUND");
  });

  scenario(create(`${P}_creation_101_phone_number_token_mismatch`, 311, "Inconsistent access token context for the phone number",
    "A 3-legged token plus config.subscriptionDetail.phoneNumber: 422 UNNECESSARY_IDENTIFIER"), async (t: ScenarioContext) => {
    const token = await t.token({ scopes: [CREATE_SCOPE], subscriber: t.subscriber("plain") });
    t.expectError(await createRaw(t, creationBody(t.subscriber("plain2").phoneNumber), await t.headers(token)), 422, "UNNECESSARY_IDENTIFIER");
  });

  scenario(create(`${P}_creation_100_not_applicable`, 322, "request for an unapplicable phone number for sim swap subscription",
    "A line the service is not offered for: 422 SERVICE_NOT_APPLICABLE (createSimSwapSubscription documents no UNSUPPORTED_IDENTIFIER)"), async (t: ScenarioContext) => {
    t.expectError(await createRaw(t, creationBody(declared(t, "notApplicable").phoneNumber)), 422, "SERVICE_NOT_APPLICABLE");
  });

  scenario(create(`${P}_creation_102_missing_identifier`, 335, "request without any device identifier for sim swap subscription",
    "A 2-legged token and no phoneNumber: 422 MISSING_IDENTIFIER"), async (t: ScenarioContext) => {
    t.expectError(await createRaw(t, creationBody(undefined)), 422, "MISSING_IDENTIFIER");
  });
});
