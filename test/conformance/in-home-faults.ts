/**
 * Faulty in-home targets (seed 003): the real mock with one in-home behaviour changed. Each must be
 * reported NOT CONFORMANT by `conformance --api in-home-detection`.
 */
import { decodeJwt } from "jose";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";
import { inHomeData } from "../../src/apis/shared/in-home-data.ts";
import type { Fault } from "./faults.ts";

const body = (res: MockResponse): any => (res.body ? JSON.parse(res.body) : undefined);
const bearer = (req: MockRequest) => (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
const deviceOf = (token: string): string | undefined => {
  try {
    const claims = decodeJwt(token);
    return typeof claims.deviceId === "string" ? claims.deviceId : undefined;
  } catch {
    return undefined;
  }
};

export const IN_HOME_FAULTS: Fault[] = [
  {
    name: "in-home: another household's broadcast token accepted (the old token is answered back)",
    api: "in-home-detection",
    expectFailing: /updateInHomeStatus_(05|06|16)/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 400 || body(res)?.code !== "IN_HOME.ACCOUNT_MISMATCH") return res;
      return { status: 200, headers: res.headers, body: JSON.stringify({ access_token: bearer(req), token_type: "Bearer", expires_in: 3600 }) };
    },
  },
  {
    name: "in-home: the content service keeps showing in-home-only content to a device once it was in-home",
    api: "in-home-detection",
    expectFailing: /in_home_false_filters|getContent_01/,
    wrap: (app, handle) => {
      const wasInHome = new Set<string>();
      return async (req) => {
        const res = await handle(req);
        if (req.path.endsWith("/updateInHomeStatus") && res.status === 200) {
          const token = body(res).access_token as string;
          if (decodeJwt(token).inHome === true) wasInHome.add(deviceOf(token)!);
        }
        const device = deviceOf(bearer(req));
        if (!req.path.startsWith("/mds/v1/") || res.status >= 500 || !device || !wasInHome.has(device) || res.status === 401) return res;
        const data = inHomeData(app.testdata());
        const inHomeOnly = (i: { inHomeOnly: boolean; channelId?: string }) => i.inHomeOnly || data.channels.some((c) => c.channelId === i.channelId && c.inHomeOnly);
        const item = (i: (typeof data.content)[number]) => ({ contentId: i.contentId, title: i.title, ...(i.channelId ? { channelId: i.channelId } : {}), inHomeOnly: inHomeOnly(i) });
        const ok = (value: unknown): MockResponse => ({ status: 200, headers: { ...res.headers, "content-type": "application/json" }, body: JSON.stringify(value) });
        if (req.path === "/mds/v1/channels") return ok({ ...body(res), channels: data.channels });
        if (req.path === "/mds/v1/content") {
          const channelId = req.query.get("channelId");
          return ok({ ...body(res), items: data.content.filter((i) => !channelId || i.channelId === channelId).map(item) });
        }
        const found = data.content.find((i) => req.path === `/mds/v1/content/${i.contentId}`);
        return found ? ok(item(found)) : res;
      };
    },
  },
  {
    name: "in-home: a 400 answered without ErrorInfo (OAuth-style error body)",
    api: "in-home-detection",
    expectFailing: /updateInHomeStatus_(0[5-9]|1[0-3])|generateUpdateInHomeToken_03|_400_/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 400 || !/^\/(ias|mds)\//.test(req.path)) return res;
      return { ...res, body: JSON.stringify({ error: "invalid_request", error_description: body(res)?.message ?? "bad request" }) };
    },
  },
];
