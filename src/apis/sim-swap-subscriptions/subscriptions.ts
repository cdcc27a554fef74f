/**
 * SIM Swap Subscriptions 0.3.0 as a state machine over the store and the virtual clock (CAMARA event
 * subscription guide §2.2 explicit subscriptions, §2.2.5 termination, §3.4 subscription-ended):
 *   create -> ACTIVE (synchronous: 201, never 202)
 *   ACTIVE --SIM change recorded--> `swapped` event; the subscriptionMaxEvents-th one also ends it
 *   ACTIVE --subscriptionMaxEvents reached / subscriptionExpireTime / sink token about to expire-->
 *          EXPIRED + subscription-ended (MAX_EVENTS_REACHED / SUBSCRIPTION_EXPIRED / ACCESS_TOKEN_EXPIRED);
 *          the guide's status table puts all three under EXPIRED. An EXPIRED subscription stays
 *          readable for ENDED_RETENTION_MS, then it is removed.
 *   DELETE -> removed at once (GET answers 404 afterwards); an ACTIVE one gets subscription-ended
 *          SUBSCRIPTION_DELETED, an EXPIRED one already had its final event and gets none.
 * Access (design guide §6.7): only the creating client, and with a 3-legged token only for the
 * token's subscriber; else 403 PERMISSION_DENIED. No HTTP types here.
 */
import { randomUUID } from "node:crypto";
import type { Scheduler } from "../../core/clock.ts";
import { parseDateTime } from "../../core/date-time.ts";
import { ApiError } from "../../core/errors.ts";
import type { Notifier, SinkCredential } from "../../core/notifications.ts";
import type { Store } from "../../core/store.ts";
import type { Subscriber } from "../../core/testdata.ts";
import type { SimHistory } from "../shared/sim-history.ts";
import type { SubscriptionRequestBody } from "./create-rules.ts";

export const BASE_PATH = "/sim-swap-subscriptions/v0.3";
export const SWAPPED = "org.camaraproject.sim-swap-subscriptions.v0.swapped";
export const SUBSCRIPTION_ENDED = "org.camaraproject.sim-swap-subscriptions.v0.subscription-ended";
/** "just before" the sink token expires (event guide §3.4 note 3): the implementation's choice */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;
/** how long an EXPIRED subscription stays readable */
export const ENDED_RETENTION_MS = 24 * 3_600_000;
const END = "sim-swap-subscription:end";
const FORGET = "sim-swap-subscription:forget";

const SUBSCRIPTIONS = "sim-swap-subscriptions";
const BY_CLIENT = "sim-swap-subscriptions.by-client";
const BY_SUBSCRIBER = "sim-swap-subscriptions.by-subscriber";

export type TerminationReason =
  | "MAX_EVENTS_REACHED"
  | "NETWORK_TERMINATED"
  | "SUBSCRIPTION_EXPIRED"
  | "ACCESS_TOKEN_EXPIRED"
  | "SUBSCRIPTION_DELETED";

const TERMINATION_DESCRIPTIONS: Record<TerminationReason, string> = {
  MAX_EVENTS_REACHED: "config.subscriptionMaxEvents notifications have been sent.",
  NETWORK_TERMINATED: "The operator stopped the subscription.",
  SUBSCRIPTION_EXPIRED: "config.subscriptionExpireTime has been reached.",
  ACCESS_TOKEN_EXPIRED: "The access token of sinkCredential is about to expire.",
  SUBSCRIPTION_DELETED: "The subscription was deleted by the API client.",
};

export interface Caller {
  clientId: string;
  /** set for 3-legged tokens */
  subscriberId?: string;
}

export interface SimSwapSubscription {
  id: string;
  clientId: string;
  subscriberId: string;
  phoneNumber: string;
  /** the client named the number (2-legged creation): only then may answers and events show it */
  numberGiven: boolean;
  protocol: "HTTP";
  sink: string;
  sinkCredential?: SinkCredential;
  types: string[];
  subscriptionExpireTime?: string;
  subscriptionMaxEvents?: number;
  /** ms */
  startsAt: number;
  /** ms */
  expiresAt?: number;
  status: "ACTIVE" | "EXPIRED";
  terminationReason?: TerminationReason;
  eventsSent: number;
  /** origin of the creating request, for the CloudEvent source */
  origin: string;
}

export interface SubscriptionsDeps {
  store: Store;
  clock: Scheduler;
  notifier: Notifier;
  history: SimHistory;
}

export class SimSwapSubscriptions {
  constructor(private readonly deps: SubscriptionsDeps) {
    deps.history.onChange((subscriberId, at) => this.onSimChange(subscriberId, at));
    deps.clock.define(END, (args) => this.end(String(args.id), args.reason as Exclude<TerminationReason, "SUBSCRIPTION_DELETED">));
    deps.clock.define(FORGET, async (args) => {
      const current = await this.deps.store.get<SimSwapSubscription>(SUBSCRIPTIONS, String(args.id));
      if (current) await this.remove(current);
    });
  }

  /** A new ACTIVE subscription; 409 ALREADY_EXISTS when the client already watches this number, type and sink. */
  async create(caller: Caller, subscriber: Subscriber, body: SubscriptionRequestBody, origin: string): Promise<SimSwapSubscription> {
    for (const other of await this.ofSubscriber(subscriber.id)) {
      if (
        other.status === "ACTIVE" &&
        other.clientId === caller.clientId &&
        other.sink === body.sink &&
        other.types.join() === body.types.join()
      ) {
        throw new ApiError("ALREADY_EXISTS", `An active subscription (${other.id}) already watches this number for this sink.`);
      }
    }
    const now = this.deps.clock.now();
    const { subscriptionExpireTime, subscriptionMaxEvents } = body.config;
    const subscription: SimSwapSubscription = {
      id: randomUUID(),
      clientId: caller.clientId,
      subscriberId: subscriber.id,
      phoneNumber: subscriber.phoneNumber,
      numberGiven: caller.subscriberId === undefined,
      protocol: "HTTP",
      sink: body.sink,
      sinkCredential: body.sinkCredential,
      types: [...body.types],
      subscriptionExpireTime,
      subscriptionMaxEvents,
      startsAt: now,
      expiresAt: subscriptionExpireTime === undefined ? undefined : parseDateTime(subscriptionExpireTime),
      status: "ACTIVE",
      eventsSent: 0,
      origin,
    };
    await this.deps.store.put(SUBSCRIPTIONS, subscription.id, subscription);
    await this.deps.store.indexAdd(BY_CLIENT, subscription.clientId, subscription.id);
    await this.deps.store.indexAdd(BY_SUBSCRIBER, subscription.subscriberId, subscription.id);
    if (subscription.expiresAt !== undefined) {
      await this.deps.clock.schedule(subscription.expiresAt, END, { id: subscription.id, reason: "SUBSCRIPTION_EXPIRED" });
    }
    const tokenExpires = body.sinkCredential?.accessTokenExpiresUtc;
    if (tokenExpires !== undefined) {
      const at = Math.max(now, parseDateTime(tokenExpires)! - ACCESS_TOKEN_MARGIN_MS);
      await this.deps.clock.schedule(at, END, { id: subscription.id, reason: "ACCESS_TOKEN_EXPIRED" });
    }
    return subscription;
  }

  /** The subscription, if the caller may see it: another client's (or subscriber's) -> 403. */
  async get(caller: Caller, id: string): Promise<SimSwapSubscription> {
    const subscription = await this.deps.store.get<SimSwapSubscription>(SUBSCRIPTIONS, id);
    if (!subscription) throw new ApiError("NOT_FOUND", `No subscription with id ${id}.`);
    if (!visibleTo(caller, subscription)) {
      throw new ApiError("PERMISSION_DENIED", "The subscription belongs to another API client or subscriber.");
    }
    return subscription;
  }

  /** The caller's subscriptions; with a 3-legged token only those of the token's subscriber. */
  async list(caller: Caller): Promise<SimSwapSubscription[]> {
    const all = caller.subscriberId === undefined ? await this.ofClient(caller.clientId) : await this.ofSubscriber(caller.subscriberId);
    return all.filter((s) => visibleTo(caller, s));
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const subscription = await this.get(caller, id);
    await this.remove(subscription);
    if (subscription.status === "ACTIVE") await this.notifyEnded(subscription, "SUBSCRIPTION_DELETED");
  }

  /** SimHistory listener: one `swapped` event per ACTIVE subscription of the line. */
  private async onSimChange(subscriberId: string, at: number): Promise<void> {
    for (const subscription of await this.ofSubscriber(subscriberId)) {
      if (subscription.status !== "ACTIVE") continue;
      const data: Record<string, unknown> = { subscriptionId: subscription.id };
      // data minimisation (event guide §2.2.2): the number only goes to a client that gave it
      if (subscription.numberGiven) data.phoneNumber = subscription.phoneNumber;
      const event = { ...this.deps.notifier.event(SWAPPED, sourceOf(subscription), data), time: new Date(at).toISOString() };
      subscription.eventsSent++;
      await this.deps.store.put(SUBSCRIPTIONS, subscription.id, subscription);
      await this.deps.notifier.send(subscription.sink, subscription.sinkCredential, event);
      const max = subscription.subscriptionMaxEvents;
      if (max !== undefined && subscription.eventsSent >= max) await this.end(subscription.id, "MAX_EVENTS_REACHED");
    }
  }

  /** ACTIVE -> EXPIRED with its subscription-ended event; no-op when it already ended or is gone. */
  private async end(id: string, reason: Exclude<TerminationReason, "SUBSCRIPTION_DELETED">): Promise<void> {
    const subscription = await this.deps.store.get<SimSwapSubscription>(SUBSCRIPTIONS, id);
    if (!subscription || subscription.status !== "ACTIVE") return;
    subscription.status = "EXPIRED";
    subscription.terminationReason = reason;
    await this.deps.store.put(SUBSCRIPTIONS, id, subscription);
    await this.deps.clock.schedule(this.deps.clock.now() + ENDED_RETENTION_MS, FORGET, { id });
    await this.notifyEnded(subscription, reason);
  }

  /**
   * subscription-ended carries only the spec's SubscriptionEnded fields (terminationReason,
   * subscriptionId, terminationDescription). The official test delete_05 also expects
   * data.phoneNumber, which SubscriptionEnded does not define: not sent.
   */
  private async notifyEnded(subscription: SimSwapSubscription, reason: TerminationReason): Promise<void> {
    const data = { terminationReason: reason, subscriptionId: subscription.id, terminationDescription: TERMINATION_DESCRIPTIONS[reason] };
    const event = this.deps.notifier.event(SUBSCRIPTION_ENDED, sourceOf(subscription), data);
    await this.deps.notifier.send(subscription.sink, subscription.sinkCredential, event);
  }

  private async remove(subscription: SimSwapSubscription): Promise<void> {
    await this.deps.store.delete(SUBSCRIPTIONS, subscription.id);
    await this.deps.store.indexRemove(BY_CLIENT, subscription.clientId, subscription.id);
    await this.deps.store.indexRemove(BY_SUBSCRIBER, subscription.subscriberId, subscription.id);
  }

  private async ofClient(clientId: string): Promise<SimSwapSubscription[]> {
    return this.load(await this.deps.store.indexGet(BY_CLIENT, clientId));
  }

  private async ofSubscriber(subscriberId: string): Promise<SimSwapSubscription[]> {
    return this.load(await this.deps.store.indexGet(BY_SUBSCRIBER, subscriberId));
  }

  private async load(ids: string[]): Promise<SimSwapSubscription[]> {
    const out: SimSwapSubscription[] = [];
    for (const id of ids) {
      const s = await this.deps.store.get<SimSwapSubscription>(SUBSCRIPTIONS, id);
      if (s) out.push(s);
    }
    return out;
  }
}

function visibleTo(caller: Caller, s: SimSwapSubscription): boolean {
  return s.clientId === caller.clientId && (caller.subscriberId === undefined || caller.subscriberId === s.subscriberId);
}

function sourceOf(s: SimSwapSubscription): string {
  return `${s.origin}${BASE_PATH}/subscriptions/${s.id}`;
}

/**
 * The Subscription body of the API. sinkCredential is never returned (event guide §2.2.3); the
 * number appears only for a 2-legged caller and only if the client gave it at creation (§2.2.2:
 * with a 3-legged token no device identifier in POST and GET answers).
 */
export function toSubscription(s: SimSwapSubscription, caller: Caller): Record<string, unknown> {
  const showNumber = s.numberGiven && caller.subscriberId === undefined;
  const config: Record<string, unknown> = { subscriptionDetail: showNumber ? { phoneNumber: s.phoneNumber } : {} };
  if (s.subscriptionExpireTime !== undefined) config.subscriptionExpireTime = s.subscriptionExpireTime;
  if (s.subscriptionMaxEvents !== undefined) config.subscriptionMaxEvents = s.subscriptionMaxEvents;
  const body: Record<string, unknown> = {
    protocol: s.protocol,
    sink: s.sink,
    types: s.types,
    config,
    id: s.id,
    startsAt: new Date(s.startsAt).toISOString(),
    status: s.status,
  };
  if (s.expiresAt !== undefined) body.expiresAt = new Date(s.expiresAt).toISOString();
  return body;
}
