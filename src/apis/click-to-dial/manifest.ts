/** Click to Dial: calls between two numbers, set up and ended on the virtual clock. */
import type { ApiModule } from "../module.ts";

export const manifest: ApiModule = {
  name: "click-to-dial",
  title: "Click to Dial",
  aliases: ["c2d", "clicktodial"],
  versions: {
    "0.1.0": { releases: ["spring26"], official: "ClickToDial/click-to-dial.yaml" },
  },
};
