/**
 * In-home Content 1.0.0 operations: the lists follow the `inHome` claim of the token presented (a
 * token without the claim, e.g. client credentials, is not in-home); a replaced device token is 401;
 * an in-home-only item read directly without the claim is 403 IN_HOME.IN_HOME_ONLY.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { ModuleDeps } from "../module.ts";
import { requireCurrentToken } from "../shared/device-session.ts";
import { inHomeData } from "../shared/in-home-data.ts";
import { describeItem, itemInHomeOnly, visibleChannels, visibleItems } from "./catalogue.ts";

export function inHomeContentHandlers(deps: ModuleDeps): HandlerSet {
  const inHomeOf = async (claims: Parameters<typeof requireCurrentToken>[1]) => (await requireCurrentToken(deps.store, claims))?.inHome === true;
  return {
    async listChannels({ claims }) {
      const inHome = await inHomeOf(claims);
      return { status: 200, body: { inHome, channels: visibleChannels(inHomeData(deps.data()), inHome) } };
    },
    async listContent({ input, claims }) {
      const inHome = await inHomeOf(claims);
      const channelId = typeof input.query.channelId === "string" ? input.query.channelId : undefined;
      return { status: 200, body: { inHome, items: visibleItems(inHomeData(deps.data()), inHome, channelId) } };
    },
    async getContent({ input, claims }) {
      const inHome = await inHomeOf(claims);
      const data = inHomeData(deps.data());
      const item = data.content.find((i) => i.contentId === input.params.contentId);
      if (!item) throw new ApiError("NOT_FOUND", `No content item ${input.params.contentId}.`);
      if (!inHome && itemInHomeOnly(data, item)) throw new ApiError("IN_HOME.IN_HOME_ONLY", "This item may only be watched at home; update the in-home status first.");
      return { status: 200, body: describeItem(data, item) };
    },
  };
}
