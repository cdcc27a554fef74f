/**
 * Capabilities (the operator's shared catalogue: every tenant reads it, only the operator changes
 * it) and views (the capture page's texts, owned by a tenant).
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { Capability, View } from "../shared/platform/model.ts";
import { Platform } from "../shared/platform/platform.ts";
import { callerOf, ownedBy, requireOperator } from "./caller.ts";
import { capabilityWire, viewWire } from "./wire.ts";

export function catalogueHandlers(platform: Platform): HandlerSet {
  const capability = async (id: string) => {
    const c = await platform.capability(id);
    if (!c) throw new ApiError("NOT_FOUND", `No capability with id ${id}.`);
    return c;
  };
  return {
    async listCapabilities({ claims }) {
      await callerOf(platform, claims);
      return { status: 200, body: (await platform.capabilities()).map(capabilityWire) };
    },
    async getCapability({ input, claims }) {
      await callerOf(platform, claims);
      return { status: 200, body: capabilityWire(await capability(input.params.capabilityId)) };
    },
    async createCapability({ input, claims }) {
      requireOperator(await callerOf(platform, claims), "change the capability catalogue");
      const body = input.body as Capability;
      if (await platform.capability(body.capabilityId)) throw new ApiError("ALREADY_EXISTS", `A capability with id ${body.capabilityId} already exists.`);
      await platform.putCapability(body);
      return { status: 201, body: capabilityWire(body) };
    },
    async updateCapability({ input, claims }) {
      requireOperator(await callerOf(platform, claims), "change the capability catalogue");
      const body = input.body as Capability;
      await capability(input.params.capabilityId);
      if (body.capabilityId !== input.params.capabilityId) throw new ApiError("INVALID_ARGUMENT", "capabilityId in the body must equal the one in the path.");
      await platform.putCapability(body);
      return { status: 200, body: capabilityWire(body) };
    },
    async deleteCapability({ input, claims }) {
      requireOperator(await callerOf(platform, claims), "change the capability catalogue");
      await capability(input.params.capabilityId);
      await platform.deleteCapability(input.params.capabilityId);
      return { status: 204 };
    },

    async listViews({ claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: (await platform.viewsOf(caller.tenant.tenantId)).map(viewWire) };
    },
    async getView({ input, claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: viewWire(ownedBy(caller, await platform.view(input.params.viewId), "view", input.params.viewId)) };
    },
    async createView({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const body = input.body as Pick<View, "purpose" | "texts">;
      const view: View = { viewId: Platform.newId(), tenantId: caller.tenant.tenantId, purpose: body.purpose, texts: body.texts };
      await platform.putView(view);
      return { status: 201, body: viewWire(view) };
    },
    async updateView({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const view = ownedBy(caller, await platform.view(input.params.viewId), "view", input.params.viewId);
      const body = input.body as Pick<View, "purpose" | "texts">;
      const updated: View = { ...view, purpose: body.purpose, texts: body.texts };
      await platform.putView(updated);
      return { status: 200, body: viewWire(updated) };
    },
    async deleteView({ input, claims }) {
      const caller = await callerOf(platform, claims);
      await platform.deleteView(ownedBy(caller, await platform.view(input.params.viewId), "view", input.params.viewId));
      return { status: 204 };
    },
  };
}
