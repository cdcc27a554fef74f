/**
 * A tenant's client applications (seed 002 "Applications"). A new application is an OAuth client at
 * once: with a generated secret (returned once; only its SHA-256 is kept) or with a registered JWK
 * set for private_key_jwt. Disable, delete and rotation take effect at the token endpoint and on live
 * tokens immediately (auth-policy.ts).
 */
import { createHash } from "node:crypto";
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { Application } from "../shared/platform/model.ts";
import { Platform } from "../shared/platform/platform.ts";
import { callerOf, ownedBy, type Caller } from "./caller.ts";
import { applicationWire } from "./wire.ts";

interface ApplicationBody {
  name: string;
  scopes: string[];
  purposes?: string[];
  redirectUris?: string[];
  jwks?: { keys: Record<string, unknown>[] };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function applicationHandlers(platform: Platform): HandlerSet {
  const owned = async (caller: Caller, id: string) => ownedBy(caller, await platform.application(id), "application", id);
  const setStatus = async (caller: Caller, id: string, status: Application["status"]) => {
    const updated: Application = { ...(await owned(caller, id)), status };
    await platform.putApplication(updated);
    return updated;
  };
  return {
    async listApplications({ claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: (await platform.applicationsOf(caller.tenant.tenantId)).map(applicationWire) };
    },
    async getApplication({ input, claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: applicationWire(await owned(caller, input.params.applicationId)) };
    },
    async createApplication({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const body = input.body as ApplicationBody;
      const secret = body.jwks ? undefined : Platform.newSecret();
      const app: Application = {
        applicationId: `app-${Platform.newId()}`,
        tenantId: caller.tenant.tenantId,
        name: body.name,
        status: "ACTIVE",
        scopes: [...new Set(body.scopes)],
        purposes: body.purposes ?? ["*"],
        redirectUris: body.redirectUris ?? [],
        ...(secret !== undefined ? { clientSecretSha256: sha256(secret) } : {}),
        ...(body.jwks ? { jwks: body.jwks } : {}),
        createdAt: platform.now,
      };
      await platform.putApplication(app);
      return { status: 201, body: { ...applicationWire(app), ...(secret !== undefined ? { clientSecret: secret } : {}) } };
    },
    async deleteApplication({ input, claims }) {
      const caller = await callerOf(platform, claims);
      await platform.deleteApplication(await owned(caller, input.params.applicationId));
      return { status: 204 };
    },
    async rotateApplicationSecret({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const app = await owned(caller, input.params.applicationId);
      if (app.jwks) throw new ApiError("CONFLICT", "This application authenticates with private_key_jwt and has no secret.");
      const secret = Platform.newSecret();
      const { clientSecret: _old, ...rest } = app;
      await platform.putApplication({ ...rest, clientSecretSha256: sha256(secret) });
      return { status: 200, body: { applicationId: app.applicationId, clientSecret: secret } };
    },
    async disableApplication({ input, claims }) {
      return { status: 200, body: applicationWire(await setStatus(await callerOf(platform, claims), input.params.applicationId, "DISABLED")) };
    },
    async enableApplication({ input, claims }) {
      return { status: 200, body: applicationWire(await setStatus(await callerOf(platform, claims), input.params.applicationId, "ACTIVE")) };
    },
  };
}
