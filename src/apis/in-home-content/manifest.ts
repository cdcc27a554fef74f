/**
 * In-home Content (our own API after seed 003): the content service's channels and items, filtered by
 * the `inHome` claim of the device access token (In-home Detection issues those). Served at /mds/v1.
 * Reads section `inHome` of the test data (owned by the In-home Detection module).
 */
import type { ApiModule } from "../module.ts";
import { inHomeContentHandlers } from "./handlers.ts";

export const manifest: ApiModule = {
  name: "in-home-content",
  title: "In-home Content (own API, seed 003)",
  aliases: ["mds"],
  own: true,
  versions: {
    "1.0.0": { releases: ["fall25", "spring26"], handlers: inHomeContentHandlers },
  },
  requests: {
    listChannels: () => ({ path: "/channels" }),
    listContent: () => ({ path: "/content" }),
    getContent: () => ({ path: "/content/vod-news-weekly" }),
  },
  foreignScope: "qos-profiles:read",
};
