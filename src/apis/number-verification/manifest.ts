/** Number Verification: does the number given match the network-authenticated device's own number? */
import type { ApiModule } from "../module.ts";
import { numberVerificationHandlers } from "./handlers.ts";

const nv = () => numberVerificationHandlers();

export const manifest: ApiModule = {
  name: "number-verification",
  title: "Number Verification",
  aliases: ["nv"],
  versions: {
    "2.1.0": { releases: ["fall25"], official: "NumberVerification/number-verification.yaml", handlers: nv },
    "2.0.0": { releases: ["spring25"], official: "legacy/NumberVerification/r2.4/number-verification.yaml", handlers: nv },
    "1.0.0": {
      releases: ["fall24"],
      official: "legacy/NumberVerification/r1.3/number-verification.yaml",
      handlers: () => numberVerificationHandlers({ noSubject: "INVALID_TOKEN_CONTEXT" }),
    },
  },
  requests: {
    phoneNumberVerify: (target) => {
      const s = target.subscribers.plain;
      return s ? { path: "/verify", body: { phoneNumber: s.phoneNumber }, subscriber: s, networkAuth: true } : { path: "/verify", unavailable: "no plain test subscriber" };
    },
    phoneNumberShare: (target) => {
      const s = target.subscribers.plain;
      return s ? { path: "/device-phone-number", subscriber: s, networkAuth: true } : { path: "/device-phone-number", unavailable: "no plain test subscriber" };
    },
  },
  foreignScope: "qos-profiles:read",
};
