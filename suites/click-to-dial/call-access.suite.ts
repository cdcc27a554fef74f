/**
 * Click to Dial 0.1.0 with the seed's rules (layer "api"): a user has at most
 * maxOngoingCallsPerUser calls not yet ended, counted over every client application (409
 * ALREADY_EXISTS, createCall's only conflict code); and a call is only visible to the client that
 * created it (403 PERMISSION_DENIED for another client, Commonalities resource access restriction).
 */
import { describe, expect } from "vitest";
import { c2dScenario, client, hangUp, headers, newCall, plainCallee, requireLines, statusOf } from "../support/c2d.ts";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";

const ID = "click_to_dial_access";

describe("click-to-dial 0.1.0 per-user limit and access (api)", () => {
  scenario(
    c2dScenario("createCall")(`${ID}_01_limit_across_clients`, "The per-user limit of ongoing calls holds across client applications",
      "Once a user has maxOngoingCallsPerUser calls going on (from one client), another client's createCall for the same caller is 409 ALREADY_EXISTS; once a call ends the user may call again"),
    async (t: ScenarioContext) => {
      const lines = await requireLines(t);
      t.require(t.target.auth.secondary, "the target configuration names no second API client");
      const caller = t.subscriber("plain").phoneNumber;
      const first = [];
      for (let i = 0; i < lines.maxOngoingCallsPerUser; i++) first.push(await newCall(t, { caller }));
      const over = await client(t).POST("/calls", { headers: await headers(t, true), body: { caller: { number: caller }, callee: { number: plainCallee(t) } } });
      t.expectError(over, 409, "ALREADY_EXISTS");
      expect((await hangUp(t, first[0].callId)).response.status).toBe(204);
      const again = await newCall(t, { caller, secondary: true });
      expect(await statusOf(t, again.callId, true)).toBe("initiating");
    },
  );

  scenario(
    c2dScenario("getCall")(`${ID}_02_another_clients_call`, "Another client's call is 403",
      "getCall, terminateCall and getRecording of a call created by another API client answer 403 PERMISSION_DENIED, and the call goes on"),
    async (t: ScenarioContext) => {
      t.require(t.target.auth.secondary, "the target configuration names no second API client");
      const call = await newCall(t);
      const params = { params: { path: { callId: call.callId } }, headers: await headers(t, true) };
      t.expectError(await client(t).GET("/calls/{callId}", params), 403, "PERMISSION_DENIED");
      t.expectError(await client(t).DELETE("/calls/{callId}", params), 403, "PERMISSION_DENIED");
      t.expectError(await client(t).GET("/calls/{callId}/recording", params), 403, "PERMISSION_DENIED");
      expect(await statusOf(t, call.callId), "the call was not ended by the other client").not.toBe("disconnected");
    },
  );
});
