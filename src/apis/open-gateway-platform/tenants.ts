/**
 * Tenant administration (seed 002 "Admin"): operator only. A SUSPENDED tenant's applications get
 * invalid_client at /token and their live tokens 401 (auth-policy.ts); the operator's own tenant
 * cannot be suspended (409), so the platform always keeps an administrator.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { Tenant } from "../shared/platform/model.ts";
import type { Platform } from "../shared/platform/platform.ts";
import { callerOf, requireOperator } from "./caller.ts";
import { tenantWire } from "./wire.ts";

export function tenantHandlers(platform: Platform): HandlerSet {
  const admin = async (claims: Parameters<typeof callerOf>[1]) => requireOperator(await callerOf(platform, claims), "administer tenants");
  const tenant = async (id: string) => {
    const t = await platform.tenant(id);
    if (!t) throw new ApiError("NOT_FOUND", `No tenant with id ${id}.`);
    return t;
  };
  const setStatus = async (id: string, status: Tenant["status"]) => {
    const t = await tenant(id);
    if (t.kind === "OPERATOR") throw new ApiError("CONFLICT", "The operator's tenant cannot change state.");
    if (t.status === status) throw new ApiError("CONFLICT", `The tenant is already ${status}.`);
    const updated = { ...t, status };
    await platform.putTenant(updated);
    return updated;
  };
  return {
    async listTenants({ claims }) {
      await admin(claims);
      return { status: 200, body: (await platform.tenants()).map(tenantWire) };
    },
    async getTenant({ input, claims }) {
      await admin(claims);
      return { status: 200, body: tenantWire(await tenant(input.params.tenantId)) };
    },
    async createTenant({ input, claims }) {
      await admin(claims);
      const body = input.body as Pick<Tenant, "tenantId" | "name" | "kind">;
      if (await platform.tenant(body.tenantId)) throw new ApiError("ALREADY_EXISTS", `A tenant with id ${body.tenantId} already exists.`);
      const t: Tenant = { ...body, status: "ACTIVE", createdAt: platform.now };
      await platform.putTenant(t);
      return { status: 201, body: tenantWire(t) };
    },
    async suspendTenant({ input, claims }) {
      await admin(claims);
      return { status: 200, body: tenantWire(await setStatus(input.params.tenantId, "SUSPENDED")) };
    },
    async activateTenant({ input, claims }) {
      await admin(claims);
      return { status: 200, body: tenantWire(await setStatus(input.params.tenantId, "ACTIVE")) };
    },
  };
}
