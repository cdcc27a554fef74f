/**
 * Redaction of secrets in everything the harness records or writes (evidence, reports, logs), by
 * name AND by value (issue 12):
 * - by name: a JSON member or form field whose name, once case, "_" and "-" are dropped, is a
 *   credential name (refresh_token, refreshToken, Refresh-Token ... all alike) has its value masked;
 * - by value: every secret the harness knows (client secrets, tokens it obtained, sink credentials,
 *   and any value it once masked by name) is masked wherever it appears, whatever the field's name,
 *   in clear or percent-encoded (a URL, an error message, an echoed field).
 * The process-wide registry is bounded (the newest MAX_SECRETS values).
 */
export const REDACTED = "<redacted>";
/** shorter values are too likely to occur by chance (e.g. "true", a status) to be masked everywhere */
export const MIN_SECRET_LENGTH = 6;
export const MAX_SECRETS = 2000;

const SECRET_NAMES = new Set([
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "token",
  "clientsecret",
  "secret",
  "clientassertion",
  "assertion",
  "password",
  "codeverifier",
  "apikey",
]);
/** in a form, `code` is an authorization code (RFC 6749 §4.1.3); in JSON it is an ErrorInfo code */
const FORM_SECRET_NAMES = new Set([...SECRET_NAMES, "code"]);

const normalise = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, "");

export function isSecretName(name: string, form = false): boolean {
  return (form ? FORM_SECRET_NAMES : SECRET_NAMES).has(normalise(name));
}

export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Remembers a secret value (ignored when shorter than MIN_SECRET_LENGTH). */
  remember(value: string | undefined | null): void {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH || value === REDACTED) return;
    if (this.values.has(value)) return;
    if (this.values.size >= MAX_SECRETS) this.values.delete(this.values.values().next().value as string);
    this.values.add(value);
  }

  /** `text` with every known secret (clear or percent-encoded) masked. */
  mask(text: string): string {
    let out = text;
    for (const v of this.values) {
      if (out.includes(v)) out = out.split(v).join(REDACTED);
      const encoded = encodeURIComponent(v);
      if (encoded !== v && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  }

  get size(): number {
    return this.values.size;
  }

  clear(): void {
    this.values.clear();
  }
}

/** The secrets this process knows (the runner registers client secrets and the tokens it obtains). */
export const knownSecrets = new SecretRegistry();

const JSON_STRING_MEMBER = /("((?:[^"\\]|\\.)*)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;
const FORM_FIELD = /(^|&)([^=&]*)=([^&]*)/g;

function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * A body (JSON, form or any text) with secrets masked: members and fields with a credential name
 * (their values are remembered, so they are masked elsewhere too), then every known secret value.
 */
export function redactText(text: string, registry: SecretRegistry = knownSecrets): string {
  let out = text.replace(JSON_STRING_MEMBER, (all, head: string, name: string, value: string, tail: string) => {
    if (!isSecretName(name)) return all;
    registry.remember(value);
    return `${head}${REDACTED}${tail}`;
  });
  if (!/^\s*[[{]/.test(out) && /^[^\s=&]+=/.test(out)) {
    out = out.replace(FORM_FIELD, (all, sep: string, name: string, value: string) => {
      if (!isSecretName(decodeForm(name), true)) return all;
      registry.remember(decodeForm(value));
      return `${sep}${name}=${REDACTED}`;
    });
  }
  return registry.mask(out);
}
