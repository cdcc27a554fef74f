/**
 * Issue 12 defect 9: redaction by name (whatever its spelling) and by value (whatever the field's
 * name), in recorded evidence and in every report file.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeExchange } from "../../src/results/evidence.ts";
import { knownSecrets, redactText, SecretRegistry } from "../../src/core/redact.ts";
import { writeReportFile } from "../../src/report/write-report-file.ts";

afterEach(() => knownSecrets.clear());

describe("by name", () => {
  it.each(["refresh_token", "refreshToken", "RefreshToken", "refresh-token", "accessToken", "client_secret", "clientSecret", "password"])(
    "%s",
    (name) => {
      const out = redactText(JSON.stringify({ sinkCredential: { [name]: "qod-harness-refresh" }, keep: "visible" }), new SecretRegistry());
      expect(out).not.toContain("qod-harness-refresh");
      expect(out).toContain("visible");
    },
  );

  it("the QoD refreshToken of a createSession body never reaches the evidence", () => {
    const body = JSON.stringify({ sinkCredential: { credentialType: "REFRESHTOKEN", refreshToken: "qod-harness-refresh", refreshTokenEndpoint: "https://as.example/r" } });
    const ex = makeExchange({ method: "POST", url: "http://m/quality-on-demand/v1/sessions", headers: {}, body }, undefined, 1);
    expect(JSON.stringify(ex)).not.toContain("qod-harness-refresh");
    expect(ex.request.body).toContain("https://as.example/r");
  });

  it("form fields", () => {
    const out = redactText("grant_type=refresh_token&refresh_token=abc123456&client_secret=s3cr3t-xyz", new SecretRegistry());
    expect(out).toBe("grant_type=refresh_token&refresh_token=<redacted>&client_secret=<redacted>");
  });
});

describe("by value", () => {
  it("a known secret is masked under any name, in clear or percent-encoded", () => {
    const r = new SecretRegistry();
    r.remember("opaque/token+value");
    expect(redactText('{"debug":"got opaque/token+value"}', r)).toBe('{"debug":"got <redacted>"}');
    expect(redactText("GET /x?t=opaque%2Ftoken%2Bvalue", r)).toBe("GET /x?t=<redacted>");
  });

  it("a value masked by name once is masked wherever it shows up again", () => {
    const sent = JSON.stringify({ sinkCredential: { accessToken: "sink-token-0123456789" } });
    const echoed = JSON.stringify({ note: "stored sink-token-0123456789" });
    const ex = makeExchange({ method: "POST", url: "http://m/s", headers: {}, body: sent }, { status: 201, headers: {}, body: echoed }, 1);
    expect(JSON.stringify(ex)).not.toContain("sink-token-0123456789");
  });

  it("headers, URL and the curl line", () => {
    knownSecrets.remember("obtained-opaque-token");
    const ex = makeExchange(
      { method: "GET", url: "http://m/x?access=obtained-opaque-token", headers: { "x-debug": "obtained-opaque-token" } },
      { status: 200, headers: { "x-echo": "obtained-opaque-token" }, body: "" },
      1,
    );
    expect(JSON.stringify(ex)).not.toContain("obtained-opaque-token");
  });

  it("a report file never holds a known secret, whatever reporter wrote it", async () => {
    knownSecrets.remember("demo-app-secret");
    const dir = mkdtempSync(join(tmpdir(), "redact-"));
    await writeReportFile(join(dir, "r.json"), JSON.stringify({ message: "client demo-app-secret failed" }));
    expect(readFileSync(join(dir, "r.json"), "utf8")).not.toContain("demo-app-secret");
  });
});
