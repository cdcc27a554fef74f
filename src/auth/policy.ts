/**
 * What the authorization server asks the operator's platform: which clients may authenticate, and
 * whether the subscriber's privacy choices allow a 3-legged token (CAMARA Security and
 * Interoperability profile: the operator answers access_denied when the user has not consented for
 * the purpose). The mock plugs in the Open Gateway platform; without it, clients come from the test
 * data and nothing is refused.
 */
import type { Client, TestData } from "../core/testdata.ts";

export interface TokenSubjectRequest {
  clientId: string;
  subscriberId: string;
  apiScopes: string[];
  purpose?: string;
}

export interface AuthPolicy {
  /** the client, or undefined when unknown or not allowed to authenticate (disabled, suspended) */
  findClient(clientId: string): Promise<Client | undefined>;
  /** why the subscriber's choices refuse this token (access_denied), or undefined when they allow it */
  consentRefusal(req: TokenSubjectRequest): Promise<string | undefined>;
}

export function testDataPolicy(data: () => TestData): AuthPolicy {
  return {
    findClient: async (clientId) => data().clients.find((c) => c.clientId === clientId),
    consentRefusal: async () => undefined,
  };
}
