/**
 * Who is calling: the token's application and its tenant. Every resource of the platform API is
 * scoped to that tenant; another tenant's resource is answered 404 NOT_FOUND, so its existence is
 * not disclosed (seed 002 issue: "404, not 403, where existence itself is private"). Tenant
 * administration and catalogue changes need the operator's tenant (403 PERMISSION_DENIED otherwise).
 */
import type { AccessClaims } from "../../auth/tokens.ts";
import { ApiError } from "../../core/errors.ts";
import type { Application, Tenant } from "../shared/platform/model.ts";
import type { Platform } from "../shared/platform/platform.ts";

export interface Caller {
  application: Application;
  tenant: Tenant;
}

export async function callerOf(platform: Platform, claims: AccessClaims): Promise<Caller> {
  const application = await platform.activeApplication(claims.clientId);
  const tenant = application && (await platform.tenant(application.tenantId));
  // the pipeline's token hook already answers 401 for these; kept here for direct callers
  if (!application || !tenant) throw new ApiError("UNAUTHENTICATED");
  return { application, tenant };
}

export function requireOperator(caller: Caller, what: string): void {
  if (caller.tenant.kind !== "OPERATOR") throw new ApiError("PERMISSION_DENIED", `Only the operator's tenant may ${what}.`);
}

/** A record of the caller's tenant, or 404 as if it did not exist. */
export function ownedBy<T extends { tenantId: string }>(caller: Caller, record: T | undefined, what: string, id: string): T {
  if (!record || record.tenantId !== caller.tenant.tenantId) throw new ApiError("NOT_FOUND", `No ${what} with id ${id} for this tenant.`);
  return record;
}
