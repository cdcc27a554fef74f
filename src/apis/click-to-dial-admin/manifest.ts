/**
 * Click to Dial administration: our own small API over the Click to Dial call model (the seed's
 * user view of ongoing calls and its admin view), served with Click to Dial in the Spring26 release.
 */
import type { ApiModule } from "../module.ts";
import { clickToDialAdminHandlers } from "./handlers.ts";

export const manifest: ApiModule = {
  name: "click-to-dial-admin",
  title: "Click to Dial administration (camara-harness's own)",
  aliases: ["c2d-admin"],
  own: true,
  versions: {
    "1.0.0": { releases: ["spring26"], handlers: clickToDialAdminHandlers },
  },
  requests: {
    listMyOngoingCalls: (target) => {
      const s = target.subscribers.plain;
      return s ? { path: "/my/calls", subscriber: { phoneNumber: s.phoneNumber } } : { path: "/my/calls", unavailable: "no plain test subscriber" };
    },
    getUserCallStatus: (target) => {
      const s = target.subscribers.plain;
      return s ? { path: `/users/${encodeURIComponent(s.phoneNumber)}/calls` } : { path: "/users/x/calls", unavailable: "no plain test subscriber" };
    },
    getCallInformation: () => ({ path: "/calls/call_00000000-0000-4000-8000-000000000000" }),
  },
  foreignScope: "qos-profiles:read",
};
