/**
 * A started mock operator container: where it answers (baseUrl, the /_harness control plane) and
 * the control-plane operations tests use between scenarios (README "Control plane"): read the test
 * data, reset, read and move the virtual clock, read the notifications sent, mint tokens.
 */
import { AbstractStartedContainer, type StartedTestContainer } from "testcontainers";
import { CONTROL_TOKEN_HEADER } from "../core/harness-wire.ts";

/** The header a mock started with --control-token requires on /_harness requests. */
export { CONTROL_TOKEN_HEADER };

export class StartedCamaraHarness extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly options: { controlToken?: string; baseUrl?: string },
    private readonly startWithTestData: (yaml: string) => Promise<StartedCamaraHarness>,
  ) {
    super(started);
  }

  /** The API root, e.g. http://localhost:32768: CAMARA base paths, /token, discovery all hang off it. */
  get baseUrl(): string {
    if (this.options.baseUrl) return this.options.baseUrl;
    const host = this.getHost();
    return `http://${host.includes(":") ? `[${host}]` : host}:${this.getFirstMappedPort()}`;
  }

  get controlUrl(): string {
    return `${this.baseUrl}/_harness`;
  }

  /** A control-plane request (the control token added when one was configured); throws unless 2xx. */
  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (this.options.controlToken) headers[CONTROL_TOKEN_HEADER] = this.options.controlToken;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.controlUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_harness${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** The active test data (GET /_harness/testdata). */
  testData(): Promise<Record<string, unknown>> {
    return this.control("GET", "/testdata") as Promise<Record<string, unknown>>;
  }

  /** Restore the test data and the clock, clear all state (POST /_harness/reset). */
  async reset(): Promise<void> {
    await this.control("POST", "/reset");
  }

  /** The virtual clock's now. */
  async now(): Promise<Date> {
    const { now } = (await this.control("GET", "/clock")) as { now: string };
    return new Date(now);
  }

  /** Move the virtual clock: due activations, expiries and notifications run. */
  async advanceClock(seconds: number): Promise<{ now: Date; tasksRun: number }> {
    const answer = (await this.control("POST", "/clock", { advanceSeconds: seconds })) as { now: string; tasksRun: number };
    return { now: new Date(answer.now), tasksRun: answer.tasksRun };
  }

  /** Notifications sent, with their delivery attempts (GET /_harness/events). */
  events(): Promise<unknown[]> {
    return this.control("GET", "/events") as Promise<unknown[]>;
  }

  /** An access token minted by the control plane (POST /_harness/tokens), e.g. for a 3-legged flow. */
  async mintToken(request: { clientId: string; scope: string; phoneNumber?: string; expiresIn?: number }): Promise<string> {
    const { access_token } = (await this.control("POST", "/tokens", request)) as { access_token: string };
    return access_token;
  }

  /**
   * Replaces the test data. A mock reads its test data when it starts, so this starts a new container
   * with the same options and this YAML once this one has stopped: use the returned handle (a new
   * container, on a new port unless on the host's network; state and clock start over).
   */
  async restartWithTestData(yaml: string): Promise<StartedCamaraHarness> {
    await this.stop();
    return this.startWithTestData(yaml);
  }
}
