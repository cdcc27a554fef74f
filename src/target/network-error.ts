/**
 * Network and protocol failures in words (GUIDE principle 7: "the harness could not judge" must say
 * why): what was tried, what happened, what to check, in one line. fetch (undici) reports them as
 * `TypeError: fetch failed` with a cause code (ECONNREFUSED, UND_ERR_SOCKET, a TLS code...) or the
 * bare message "bad port" for the ports the Fetch standard blocks (e.g. 1, 9, 25, 6000).
 */

interface Cause {
  code?: string;
  message?: string;
  cause?: Cause;
}

const TLS = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_TLS_|ERR_SSL_|EPROTO)/;

function causeOf(error: unknown): Cause {
  let c = (error as { cause?: Cause }).cause;
  // undici may wrap the socket error once more
  while (c?.cause && !c.code) c = c.cause;
  return c ?? {};
}

/** "what happened — what to check" for a fetch that threw; `what` names the attempt, e.g. "GET http://..." */
export function describeFetchFailure(what: string, error: unknown, timeoutMs: number): string {
  const e = error as Error;
  const cause = causeOf(error);
  const code = cause.code ?? "";
  const message = cause.message ?? e.message ?? String(error);
  const host = /^\w+ (\w+:\/\/[^/\s]+)/.exec(what)?.[1] ?? /^(\w+:\/\/[^/\s]+)/.exec(what)?.[1] ?? "the target";
  if (e.name === "TimeoutError" || e.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return `${what}: did not answer within ${Math.round(timeoutMs / 100) / 10} s — is the target up and not hanging? (raise --timeout for a slow target)`;
  }
  if (/bad port/i.test(message)) {
    const port = /:(\d+)(?:\/|$)/.exec(host)?.[1] ?? "this";
    return `${what}: fetch refuses to connect to port ${port} (a port the Fetch standard blocks for safety) — run the target on another port, e.g. 4010`;
  }
  if (code === "ECONNREFUSED") return `${what}: connection refused — nothing listens at ${host}; is the target started, and are the host and port right?`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${what}: the host name of ${host} cannot be resolved (DNS) — check the URL`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `${what}: no route to ${host} — check the network, VPN or firewall`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    return `${what}: the target closed the connection without a complete answer — check its logs (a crash, a proxy cutting connections, or http sent to an https port)`;
  }
  if (TLS.test(code) || /ssl|tls|certificate/i.test(message)) {
    return `${what}: the TLS handshake failed (${code || message}) — is it an https server with a certificate this machine trusts? (NODE_EXTRA_CA_CERTS=ca.pem adds a CA; http:// for a plain server)`;
  }
  if (code.startsWith("HPE_") || code === "UND_ERR_INFO") return `${what}: the answer is not valid HTTP (${code}) — is an HTTP server listening at ${host}?`;
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return `${what}: the answer is too large to read — check the target`;
  return `${what}: ${code ? `${code} ` : ""}${message} — check that the target is up and the URL is right`;
}

/** Largest answer body the runner reads (an API answer is far smaller; a target streaming more is broken). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface LimitedBody {
  text: string;
  /** the body was larger than the limit: `text` holds its beginning only */
  truncated: boolean;
}

/** Reads at most `limit` bytes of an answer's body, then stops (cancels the rest). */
export async function readLimited(res: Response, limit = MAX_BODY_BYTES): Promise<LimitedBody> {
  if (!res.body) return { text: "", truncated: false };
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body.cancel().catch(() => {});
    return { text: "", truncated: true };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { text: new TextDecoder().decode(Buffer.concat(chunks).subarray(0, 2048)), truncated: true };
    }
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: false };
}

/** "a body over 1 MiB" for messages */
export function tooLarge(): string {
  return `a body over ${MAX_BODY_BYTES / (1024 * 1024)} MiB (not read further)`;
}
