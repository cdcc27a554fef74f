/**
 * The mock operator as a testcontainers module (`camara-harness/testcontainers`): the image built from
 * the project's Dockerfile, `mock` on port 4010, options as fluent methods that become CLI flags, a
 * wait on the public discovery document (it answers once every API is served, and needs no control
 * token). testcontainers is an optional peer dependency: only this entry point imports it.
 */
import { GenericContainer, Wait } from "testcontainers";
import { StartedCamaraHarness } from "./started-camara-harness.ts";

/** The image when none is named: $CAMARA_HARNESS_IMAGE, else what `docker build -t camara-harness .` tags. */
export const DEFAULT_IMAGE = "camara-harness:latest";
export const MOCK_PORT = 4010;
/** Where test data given with withTestData() is placed in the container (the image's user reads /tmp). */
export const TESTDATA_PATH = "/tmp/camara-harness/testdata.yaml";

export class CamaraHarnessContainer extends GenericContainer {
  private release?: string;
  private insecureSinks = false;
  private testData?: string;
  private controlToken?: string;
  private storeUrl?: string;
  private issuer?: string;
  private settings: string[] = [];
  private extraArgs: string[] = [];
  private hostPort?: number;

  constructor(image: string = process.env.CAMARA_HARNESS_IMAGE || DEFAULT_IMAGE) {
    super(image);
    this.withExposedPorts(MOCK_PORT)
      .withWaitStrategy(Wait.forHttp("/.well-known/openid-configuration", MOCK_PORT).forStatusCode(200))
      .withStartupTimeout(120_000);
  }

  /** `--release`: e.g. "fall25", "spring25,pre-meta"; default the image's (latest). */
  withRelease(release: string): this {
    this.release = release;
    return this;
  }

  /** `--allow-insecure-sinks`: accept http:// notification sinks (the specs require https). */
  withAllowInsecureSinks(allow = true): this {
    this.insecureSinks = allow;
    return this;
  }

  /** Test data YAML (the text of a file like data/testdata.yaml), copied in and passed as `--data`. */
  withTestData(yaml: string): this {
    this.testData = yaml;
    return this;
  }

  /** One test-data setting, `--set path=value`, e.g. ("operator.rateLimitPerSecond", 50). */
  withSetting(path: string, value: string | number | boolean): this {
    this.settings.push(`${path}=${value}`);
    return this;
  }

  /**
   * Protects /_harness with a token (`CAMARA_HARNESS_CONTROL_TOKEN` in the container's environment,
   * read by mocks that know --control-token; the token stays out of the command line). The started
   * container's helpers send it.
   */
  withControlToken(token: string): this {
    this.controlToken = token;
    return this;
  }

  /** `--store redis://host:port[/db]`: state shared with other replicas (mocks that know --store). */
  withStore(url: string): this {
    this.storeUrl = url;
    return this;
  }

  /** `--issuer`: the name clients use for the authorization server (e.g. a network alias). */
  withIssuer(url: string): this {
    this.issuer = url;
    return this;
  }

  /**
   * The host's network instead of a published port: the mock listens on this port of the machine that
   * runs the engine (Linux, local engine), and reaches what listens on that machine's loopback, e.g. the
   * conformance runner's notification sink. Without it, the mock cannot deliver to the runner's sink.
   */
  withHostNetwork(port: number): this {
    this.hostPort = port;
    this.exposedPorts = [];
    this.createOpts.ExposedPorts = {};
    this.hostConfig.PortBindings = {};
    return this.withNetworkMode("host")
      .withEnvironment({ PORT: String(port) })
      .withWaitStrategy(Wait.forLogMessage(/camara-harness mock .* listening on /));
  }

  /** Any other `camara-harness mock` arguments, appended last. */
  withArgs(...args: string[]): this {
    this.extraArgs.push(...args);
    return this;
  }

  /** The `camara-harness mock` arguments these options make. */
  mockArgs(): string[] {
    const args = ["mock", "--host", "0.0.0.0", "--port", String(this.hostPort ?? MOCK_PORT)];
    if (this.release) args.push("--release", this.release);
    if (this.insecureSinks) args.push("--allow-insecure-sinks");
    if (this.testData !== undefined) args.push("--data", TESTDATA_PATH);
    if (this.storeUrl) args.push("--store", this.storeUrl);
    if (this.issuer) args.push("--issuer", this.issuer);
    for (const setting of this.settings) args.push("--set", setting);
    return [...args, ...this.extraArgs];
  }

  protected override async beforeContainerCreated(): Promise<void> {
    this.withCommand(this.mockArgs());
    if (this.controlToken) this.withEnvironment({ CAMARA_HARNESS_CONTROL_TOKEN: this.controlToken });
    // start() may run again (restartWithTestData): one copy of the current test data, not one per start
    this.contentsToCopy = this.contentsToCopy.filter((c) => c.target !== TESTDATA_PATH);
    if (this.testData !== undefined) this.contentsToCopy.push({ content: this.testData, target: TESTDATA_PATH, mode: 0o644 });
  }

  override async start(): Promise<StartedCamaraHarness> {
    const base = this.hostPort === undefined ? undefined : `http://127.0.0.1:${this.hostPort}`;
    return new StartedCamaraHarness(await super.start(), { controlToken: this.controlToken, baseUrl: base }, (yaml) => this.withTestData(yaml).start());
  }
}
