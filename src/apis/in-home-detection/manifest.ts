/**
 * In-home Detection (our own API after seed 003): device sign-on, the STB's encrypted update-in-home
 * token, and the open device's in-home claim in its device access token. Served at /ias/v3 (the
 * seed's paths). The content side is the In-home Content module; both read section `inHome` of the
 * test data, owned here.
 */
import type { ApiModule } from "../module.ts";
import { IN_HOME_SCHEMA, IN_HOME_SECTION } from "../shared/in-home-data.ts";
import { IN_HOME_CONTROL } from "./control.ts";
import { inHomeDetectionHandlers } from "./handlers.ts";

export const manifest: ApiModule = {
  name: "in-home-detection",
  title: "In-home Detection (own API, seed 003)",
  aliases: ["in-home", "ias"],
  own: true,
  versions: {
    // the GET that issues a broadcast token
    "1.0.0": { releases: ["fall25", "spring26"], handlers: inHomeDetectionHandlers, writingReads: ["generateUpdateInHomeToken"] },
  },
  testData: { [IN_HOME_SECTION]: IN_HOME_SCHEMA },
  control: IN_HOME_CONTROL,
  requests: {
    // a device of the built-in test data kept for the generic layers (no API scenario uses it)
    signOn: () => ({ path: "/token/actions/signOn", body: { deviceId: "stb-generic", deviceSecret: "stb-generic-secret" } }),
    // the generic layers hold client-credentials tokens: these answer 400 IN_HOME.ACCOUNT_MISSING
    generateUpdateInHomeToken: () => ({ path: "/token/actions/generateUpdateInHomeToken" }),
    updateInHomeStatus: () => ({ path: "/token/actions/updateInHomeStatus", body: { updateInHomeToken: "token-heard-on-the-home-network", inHome: true } }),
  },
  foreignScope: "qos-profiles:read",
};
