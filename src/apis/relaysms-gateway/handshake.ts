/**
 * The cryptographic half of the sync handshake (our definition, specs/relaysms-gateway/1.0.0.asyncapi.yaml):
 * the app's RSA public key (SPKI PEM, >= 2048 bits) receives a fresh 256-bit shared key encrypted with
 * RSA-OAEP, SHA-256 for both the hash and MGF1 (RFC 8017 §7.1), base64-encoded.
 */
import { constants, createPublicKey, publicEncrypt, randomBytes, type KeyObject } from "node:crypto";

export const MIN_MODULUS_BITS = 2048;

/** The app's key, or a one-line reason why it cannot be used. */
export function readPublicKey(pem: string): KeyObject | string {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch {
    return "publicKey is not a PEM public key (SubjectPublicKeyInfo)";
  }
  if (key.asymmetricKeyType !== "rsa") return `publicKey must be an RSA key, not ${key.asymmetricKeyType}`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) return `publicKey must have a modulus of at least ${MIN_MODULUS_BITS} bits (this one has ${bits})`;
  return key;
}

/** A new shared key for the session, encrypted for the app. The clear key is not kept. */
export function encryptedSharedKey(key: KeyObject): string {
  const shared = randomBytes(32);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, shared).toString("base64");
}
