/**
 * One HTTP POST of a notification to a sink, with node's http/https clients so that the operator can
 * trust extra certificate authorities for its sinks only (`trustedCas`: e.g. a developer's or the
 * conformance runner's self-signed sink, `camara-harness mock --sink-ca FILE`), never by switching
 * TLS verification off. The public roots stay trusted too. A failure is described with its cause
 * code (e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`), so the delivery log says why a sink got nothing.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";

export interface DeliveryOptions {
  timeoutMs: number;
  /** PEM certificates trusted as roots besides the public ones */
  trustedCas?: string[];
}

/** Resolves with the sink's HTTP status; rejects with a described error (see describeDeliveryError). */
export function postToSink(sink: string, headers: Record<string, string>, body: string, options: DeliveryOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(sink);
    } catch {
      reject(new Error(`not a URL: ${sink}`));
      return;
    }
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") {
      reject(new Error(`unsupported sink scheme ${url.protocol}`));
      return;
    }
    const common = { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: options.timeoutMs };
    const req = secure
      ? httpsRequest(url, { ...common, ...(options.trustedCas?.length ? { ca: [...rootCertificates, ...options.trustedCas] } : {}) })
      : httpRequest(url, common);
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", (error) => reject(error));
    req.end(body);
  });
}

/** "<CODE>: <message>" when the error has a code (TLS and socket errors do), else the message. */
export function describeDeliveryError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const inner = e.cause && typeof e.cause === "object" ? e.cause : e;
  const message = inner.message || e.message || String(error);
  return inner.code ? `${inner.code}: ${message}` : message;
}

/** Whether a delivery error is the sink's certificate not being trusted (or TLS failing otherwise). */
export function isTlsDeliveryError(description: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|certificate|TLS|SSL/i.test(description);
}
