/** A broken spec fails generation with one line naming the file, the JSON pointer and the problem. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listAsyncApiFiles, listSpecFiles } from "../../src/openapi/catalogue.ts";
import { renderAll } from "../../src/generate/generate.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-broken-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specWith(name: string, body: string) {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "1.0.0.yaml"), body);
  return listSpecFiles(dir).filter((s) => s.api === name);
}

const HEAD = `openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\nservers: [{url: "{apiRoot}/t/v1", variables: {apiRoot: {default: "http://x"}}}]\n`;

describe("generate on a broken spec", () => {
  it.each([
    {
      what: "a wrong type keyword",
      body: `${HEAD}paths: {}\ncomponents: {schemas: {A: {type: strin}}}\n`,
      expected: /1\.0\.0\.yaml: #\/components\/schemas\/A\/type: must be equal to one of the allowed values$/,
    },
    {
      what: "a dangling $ref",
      body: `${HEAD}paths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content: {application/json: {schema: {$ref: "#/components/schemas/Nope"}}}\n`,
      expected: /1\.0\.0\.yaml: #.*: Missing \$ref pointer "#\/components\/schemas\/Nope"/,
    },
  ])("names file, pointer and problem for $what", async ({ what, body, expected }) => {
    const specs = specWith(what.replace(/\W+/g, "-"), body);
    const error = await renderAll(specs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("SpecError");
    expect(error!.message.split("\n")).toHaveLength(1);
    expect(error!.message).toMatch(expected);
  });
});

describe("generate on a broken AsyncAPI document", () => {
  it("names the file and the problem in one line", async () => {
    const name = "broken-asyncapi";
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "1.0.0.asyncapi.yaml"), "asyncapi: 3.0.0\ninfo: {title: t}\nchannels:\n  c: {address: /c, messages: {m: {$ref: '#/components/messages/nope'}}}\n");
    const error = await renderAll([], listAsyncApiFiles(dir).filter((s) => s.api === name)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("SpecError");
    expect(error!.message.split("\n")).toHaveLength(1);
    expect(error!.message).toMatch(/1\.0\.0\.asyncapi\.yaml: #/);
  });
});
