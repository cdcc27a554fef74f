/**
 * Defence in depth for report files: evidence is redacted when it is recorded
 * (src/results/evidence.ts), but redaction works from a list of known header and field names.
 * A token echoed under an unexpected name (a debug field, a URL, an error message) would slip
 * through, and report files are published as CI artifacts. So before any report file is written we
 * look for anything shaped like a JWT (RFC 7519 compact serialisation: base64url segments joined by
 * dots, the header being a JSON object, hence "eyJ" = base64url of `{"`) and refuse to write.
 */

/**
 * header "eyJ…" . payload . signature. The signature may be empty: an unsecured JWT
 * (`alg: none`, RFC 7519 §6) is still a credential-shaped value we do not want published.
 * The lookarounds keep us from matching inside a longer base64url run.
 */
const JWT_SHAPE = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

export class SecretLeakError extends Error {
  override name = "SecretLeakError";
}

/** Where the first JWT-shaped string is, or undefined. */
export function findJwt(content: string): { index: number; line: number } | undefined {
  const m = JWT_SHAPE.exec(content);
  if (!m) return undefined;
  const line = content.slice(0, m.index).split("\n").length;
  return { index: m.index, line };
}

/**
 * Throws SecretLeakError when `content` contains a JWT-shaped string. The message says where, but
 * never repeats the token: the error itself ends up in CI logs.
 */
export function assertNoSecrets(content: string, fileName: string): void {
  const found = findJwt(content);
  if (!found) return;
  throw new SecretLeakError(
    `refusing to write ${fileName}: line ${found.line} contains a string shaped like a JWT ` +
      `(eyJ….….…); evidence redaction missed a token, so nothing was written`,
  );
}
