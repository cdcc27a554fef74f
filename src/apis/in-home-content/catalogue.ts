/**
 * What the content service (MDS, seed 003 step 6) shows a token: with `inHome: true` everything;
 * otherwise the channels and items flagged in-home only are left out, and an item of an in-home-only
 * channel counts as in-home only too.
 */
import type { CatalogueItem, InHomeData } from "../shared/in-home-data.ts";

export function itemInHomeOnly(data: InHomeData, item: CatalogueItem): boolean {
  return item.inHomeOnly || data.channels.some((c) => c.channelId === item.channelId && c.inHomeOnly);
}

export function visibleChannels(data: InHomeData, inHome: boolean) {
  return data.channels.filter((c) => inHome || !c.inHomeOnly).map((c) => ({ channelId: c.channelId, name: c.name, inHomeOnly: c.inHomeOnly }));
}

export function describeItem(data: InHomeData, item: CatalogueItem) {
  return { contentId: item.contentId, title: item.title, ...(item.channelId ? { channelId: item.channelId } : {}), inHomeOnly: itemInHomeOnly(data, item) };
}

export function visibleItems(data: InHomeData, inHome: boolean, channelId?: string) {
  return data.content
    .filter((i) => channelId === undefined || i.channelId === channelId)
    .filter((i) => inHome || !itemInHomeOnly(data, i))
    .map((i) => describeItem(data, i));
}
