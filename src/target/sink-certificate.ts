/**
 * The certificate of the runner's https notification sink. CAMARA sinks are `^https://` (the
 * specs' pattern), so a conforming target refuses an http sink; the runner therefore offers an https
 * one with a certificate of its own: self-signed, a CA for itself (so a target can trust it as a
 * root with e.g. `camara-harness mock --sink-ca FILE`), valid for 127.0.0.1, ::1 and localhost.
 *
 * It is generated once into a cache folder and reused while valid, so a target started once with
 * the certificate file keeps trusting the runner across runs. Key and certificate are kept together
 * in one file (readable by its owner only, replaced atomically, so runs starting at once never pair
 * a key with another run's certificate); the certificate alone is written beside it for targets.
 */
import { X509Certificate, createPrivateKey, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface SinkCertificate {
  /** PEM of the certificate (also the CA a target must trust) */
  cert: string;
  /** PEM of the private key */
  key: string;
  /** the file holding `cert`, to give to a target (`camara-harness mock --sink-ca <certFile>`) */
  certFile: string;
}

const VALID_DAYS = 825;
/** renewed when it expires sooner than this */
const RENEW_BEFORE_MS = 7 * 86_400_000;

/** $CAMARA_HARNESS_CACHE_DIR, else $XDG_CACHE_HOME/camara-harness, else ~/.cache/camara-harness. */
export function defaultCertificateDir(): string {
  if (process.env.CAMARA_HARNESS_CACHE_DIR) return join(process.env.CAMARA_HARNESS_CACHE_DIR, "sink-tls");
  const home = (() => {
    try {
      return homedir();
    } catch {
      return "";
    }
  })();
  const base = process.env.XDG_CACHE_HOME || (home ? join(home, ".cache") : userTmpDir());
  return join(base, "camara-harness", "sink-tls");
}

/** This user's folder under the temporary folder (where no home or cache folder can be written). */
const userTmpDir = () => join(tmpdir(), `camara-harness-${process.getuid?.() ?? "user"}`);

function stillGood(cert: string, key: string, nowMs: number): boolean {
  try {
    const x509 = new X509Certificate(cert);
    const valid = Date.parse(x509.validTo) - nowMs > RENEW_BEFORE_MS && Date.parse(x509.validFrom) <= nowMs;
    return valid && x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}

/** Writes through a temporary file and a rename: readers see the old or the new content, never half. */
function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, file);
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g;

/**
 * The sink certificate kept in `dir` (default: defaultCertificateDir()), generated when missing or about
 * to expire. A default folder that cannot be written (a read-only home in CI) falls back to one of this
 * user's under the temporary folder, so a run never fails for want of a cache.
 */
export async function sinkCertificate(dir?: string): Promise<SinkCertificate> {
  if (dir !== undefined) return certificateIn(dir);
  try {
    return await certificateIn(defaultCertificateDir());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EROFS" && code !== "EPERM" && code !== "ENOTDIR") throw error;
    return certificateIn(join(userTmpDir(), "sink-tls"));
  }
}

async function certificateIn(dir: string): Promise<SinkCertificate> {
  const bundleFile = join(dir, "sink-tls.pem");
  const certFile = join(dir, "sink-ca.pem");
  // real time on purpose: TLS peers check validity against their wall clock, not a virtual one
  const now = Date.now();
  if (existsSync(bundleFile)) {
    const blocks = readFileSync(bundleFile, "utf8").match(PEM_BLOCK) ?? [];
    const key = blocks.find((b) => b.includes("PRIVATE KEY"));
    const cert = blocks.find((b) => b.includes("CERTIFICATE"));
    if (key && cert && stillGood(cert, key, now)) {
      if (!existsSync(certFile) || readFileSync(certFile, "utf8") !== cert) writeAtomically(certFile, cert, 0o644);
      return { cert, key, certFile };
    }
  }
  const pems = await generate([{ name: "commonName", value: "camara-harness notification sink (local)" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + VALID_DAYS * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  const cert = pems.cert.endsWith("\n") ? pems.cert : `${pems.cert}\n`;
  const key = pems.private.endsWith("\n") ? pems.private : `${pems.private}\n`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomically(bundleFile, `${key}${cert}`, 0o600);
  writeAtomically(certFile, cert, 0o644);
  return { cert, key, certFile };
}
