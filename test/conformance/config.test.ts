/** Target configuration files: the shipped example is valid, and bad files fail in one clear line. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadTargetConfig } from "../../src/target/config.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-config-"));
function file(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe("target configuration", () => {
  it("the shipped sandbox example loads (with its environment variables set)", () => {
    process.env.SANDBOX_CLIENT_ID = "id-from-env";
    process.env.SANDBOX_CLIENT_SECRET = "secret-from-env";
    const c = loadTargetConfig(join(PROJECT_ROOT, "examples/operator-sandbox.target.yaml"));
    expect(c.apiRoot).toBe("https://sandbox.operator.example");
    expect(c.auth.primary).toEqual({ clientId: "id-from-env", clientSecret: "secret-from-env", privateKeyJwk: undefined });
    expect(c.subscribers.unknown.phoneNumber).toBe("+34699999999");
    expect(Object.keys(c.deviations)).toHaveLength(1);
  });

  it.each([
    { what: "a missing file", path: join(dir, "nope.yaml"), error: /nope\.yaml: file not found/ },
    { what: "no apiRoot", path: file("release: fall25\n"), error: /must have required property 'apiRoot'/ },
    { what: "an unknown key", path: file("apiRoot: http://x\nfoo: 1\n"), error: /must NOT have additional properties 'foo'/ },
    { what: "a bad phone number", path: file("apiRoot: http://x\nsubscribers: {unknown: {phoneNumber: '0034'}}\n"), error: /\/subscribers\/unknown\/phoneNumber must match pattern/ },
    { what: "an unset variable", path: file("apiRoot: http://x\nauth: {client: {clientId: a, clientSecret: '${CAMARA_TEST_UNSET_VAR}'}}\n"), error: /environment variable CAMARA_TEST_UNSET_VAR is not set/ },
    { what: "a deviation without reason", path: file("apiRoot: http://x\ndeviations: [{scenario: a}]\n"), error: /must have required property 'reason'/ },
    { what: "a client without secret or key", path: file("apiRoot: http://x\nauth: {client: {clientId: a}}\n"), error: /client a needs clientSecret or privateKeyFile/ },
  ])("rejects $what in one line", ({ path, error }) => {
    let caught: unknown;
    try {
      loadTargetConfig(path);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(error);
    expect((caught as Error).message.split("\n")).toHaveLength(1);
  });
});
