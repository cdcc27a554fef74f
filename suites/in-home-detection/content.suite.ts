/**
 * In-home Content 1.0.0 as the in-home flow sees it (layer "api"): the lists follow the `inHome` claim
 * of the token presented; an in-home-only item read directly without it is 403 IN_HOME.IN_HOME_ONLY.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";
import { bearer, broadcastOf, channelIds, getItem, households, inHomeOnly, itemIds, mds, place, signOn, updated } from "./household.ts";

const common = { api: "in-home-content", version: "1.0.0", layer: "api" as const };

async function inHomeToken(t: ScenarioContext) {
  const h = await households(t);
  await place(t, h.phone, "home");
  const token = await broadcastOf(t, h.stb);
  const phoneToken = await signOn(t, h.phone);
  return { ...h, phoneToken, inHome: await updated(t, phoneToken, { updateInHomeToken: token, inHome: true }) };
}

describe("in-home-content 1.0.0 filtering by the in-home claim (api)", () => {
  scenario(
    { ...common, operationId: "listChannels", id: "in_home_content_listChannels_01_client_token_not_in_home", title: "A token without the claim (client credentials) sees no in-home-only channel or item", rule: "In-home Content 1.0.0: only inHome true shows in-home-only content" },
    async (t: ScenarioContext) => {
      const { section } = await households(t);
      const only = inHomeOnly(section);
      const cc = await t.token({ scopes: ["in-home-content:channels:read", "in-home-content:content:read"] });
      const channels = await channelIds(t, cc);
      expect(channels.inHome).toBe(false);
      expect(channels.ids.filter((c) => only.channels.includes(c))).toEqual([]);
      expect((await itemIds(t, cc)).ids.filter((i) => only.items.includes(i))).toEqual([]);
    },
  );

  scenario(
    { ...common, operationId: "getContent", id: "in_home_content_getContent_01_in_home_only_refused", title: "An in-home-only item: 200 with the in-home token, 403 IN_HOME.IN_HOME_ONLY after inHome false", rule: "In-home Content 1.0.0: in-home-only items are for in-home tokens only" },
    async (t: ScenarioContext) => {
      const { phoneToken, inHome, section } = await inHomeToken(t);
      const [item] = inHomeOnly(section).items;
      t.require(item, "the catalogue has no in-home-only item");
      const answer = await getItem(t, inHome, item);
      expect(answer.response.status).toBe(200);
      expect(answer.data).toMatchObject({ contentId: item, inHomeOnly: true });
      const away = await updated(t, inHome, { inHome: false });
      t.expectError(await getItem(t, away, item), 403, "IN_HOME.IN_HOME_ONLY");
      t.expectError(await getItem(t, phoneToken, item), 401, "UNAUTHENTICATED"); // replaced twice over
    },
  );

  scenario(
    { ...common, operationId: "getContent", id: "in_home_content_getContent_02_unknown_item", title: "An unknown item: 404 NOT_FOUND", rule: "CAMARA design guide: an unknown resource gives 404 NOT_FOUND" },
    async (t: ScenarioContext) => {
      const { inHome } = await inHomeToken(t);
      t.expectError(await getItem(t, inHome, "no-such-item-0"), 404, "NOT_FOUND");
    },
  );

  scenario(
    { ...common, operationId: "listContent", id: "in_home_content_listContent_01_channel_filter", title: "Items of an in-home-only channel are listed for an in-home token, and only those with ?channelId", rule: "In-home Content 1.0.0: an item of an in-home-only channel is in-home only; channelId filters the list" },
    async (t: ScenarioContext) => {
      const { inHome, section } = await inHomeToken(t);
      const [channel] = inHomeOnly(section).channels;
      t.require(channel, "the catalogue has no in-home-only channel");
      const expected = section.content.filter((i) => i.channelId === channel).map((i) => i.contentId);
      t.require(expected.length > 0, `the catalogue has no item on channel ${channel}`);
      const list = await itemIds(t, inHome, channel);
      expect(list.ids.sort()).toEqual(expected.sort());
      const answer = await mds(t).GET("/content", { headers: bearer(await t.token({ scopes: ["in-home-content:content:read"] })), params: { query: { channelId: channel } } });
      expect(answer.data?.items, "nothing of that channel without the claim").toEqual([]);
    },
  );
});
