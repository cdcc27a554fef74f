/**
 * The testcontainers module's options become `camara-harness mock` arguments (no engine needed):
 * every option maps to its CLI flag, the control token stays out of the command line.
 */
import { describe, expect, it } from "vitest";
import { CamaraHarnessContainer, TESTDATA_PATH } from "../../src/testcontainers/index.ts";

describe("CamaraHarnessContainer options", () => {
  it("starts the mock on every interface, port 4010, with nothing else by default", () => {
    expect(new CamaraHarnessContainer("img").mockArgs()).toEqual(["mock", "--host", "0.0.0.0", "--port", "4010"]);
  });

  it("maps each option to its flag, extra arguments last", () => {
    const args = new CamaraHarnessContainer("img")
      .withRelease("fall24")
      .withAllowInsecureSinks()
      .withTestData("operator: {}\n")
      .withStore("redis://redis:6379/2")
      .withIssuer("http://mock-a:4010")
      .withSetting("operator.rateLimitPerSecond", 50)
      .withControlToken("s3cret")
      .withArgs("--cors", "*")
      .mockArgs();
    expect(args).toEqual([
      "mock", "--host", "0.0.0.0", "--port", "4010",
      "--release", "fall24", "--allow-insecure-sinks", "--data", TESTDATA_PATH,
      "--store", "redis://redis:6379/2", "--issuer", "http://mock-a:4010",
      "--set", "operator.rateLimitPerSecond=50", "--cors", "*",
    ]);
    expect(args.join(" ")).not.toContain("s3cret");
  });

  it("on the host's network, listens on the given port", () => {
    expect(new CamaraHarnessContainer("img").withHostNetwork(4123).mockArgs().slice(0, 5)).toEqual(["mock", "--host", "0.0.0.0", "--port", "4123"]);
  });

  it("can turn insecure sinks off again", () => {
    expect(new CamaraHarnessContainer("img").withAllowInsecureSinks().withAllowInsecureSinks(false).mockArgs()).not.toContain("--allow-insecure-sinks");
  });
});
