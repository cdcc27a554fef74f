/**
 * The notification sink of one run (conformance or features): the runner's https sink on loopback
 * (sink-server.ts, certificate from sink-certificate.ts), and what is offered to the target.
 *
 * - Default: `https://127.0.0.1:<port>/sink`, offered to targets on this machine only. The built-in
 *   mock is handed the certificate; another target must trust it (`camara-harness mock --sink-ca`).
 * - `sinkUrl` (`--sink-url`, `sink.url`): a public https address the user forwards to the runner's
 *   sink (a tunnel to `port`); offered to any target, read locally.
 * - `http` (`--http-sink`): offer `http://127.0.0.1:<port>/sink`, for a target known to accept http
 *   sinks (our mock with --allow-insecure-sinks) that cannot be made to trust the certificate.
 */
import { ConfigError, readSinkSettings } from "./config.ts";
import { sinkCertificate, type SinkCertificate } from "./sink-certificate.ts";
import { startSinkServer } from "./sink-server.ts";
import type { TargetSink } from "./target.ts";

export interface SinkChoice {
  /** public address given to the target instead of the local one */
  url?: string;
  /** local port (default: any free one) */
  port?: number;
  /** offer the local sink as http:// */
  http?: boolean;
  /** where the certificate is kept (default: the user's cache folder) */
  certificateDir?: string;
}

export interface RunnerSink {
  sink: TargetSink;
  /** offered to targets anywhere (a public URL), not only to targets on this machine */
  public: boolean;
  /** the certificate PEM, for a target the runner starts itself (the built-in mock) */
  certificate: SinkCertificate;
  /** the local address the sink listens on (what a tunnel forwards to; it answers http and https) */
  localUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function openRunnerSink(choice: SinkChoice = {}): Promise<RunnerSink> {
  const certificate = await sinkCertificate(choice.certificateDir);
  const server = await startSinkServer({ port: choice.port, certificate, offerHttp: choice.http }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new ConfigError(`the sink port ${choice.port} is already in use (--sink-port, sink.port)`);
    throw error;
  });
  const url = choice.url?.replace(/\/+$/, "");
  return {
    sink: { url: url ?? server.url, readUrl: server.readUrl, certFile: url || choice.http ? undefined : certificate.certFile },
    public: url !== undefined,
    certificate,
    localUrl: server.url,
    port: server.port,
    close: () => server.close(),
  };
}

/** Where a run's sink comes from: the CLI's options, else the target file's `sink` section. */
export interface SinkOptions {
  configFile?: string;
  sinkUrl?: string;
  sinkPort?: number;
  httpSink?: boolean;
  /** where the sink's certificate is kept (default: the user's cache folder) */
  sinkCertificateDir?: string;
}

/** The run's sink: CLI options first, then the target file's `sink` section. */
export async function openSinkOf(options: SinkOptions): Promise<RunnerSink> {
  const fromFile = options.configFile ? readSinkSettings(options.configFile) : {};
  // a file sink with a readUrl is the user's own service: the runner's sink then only stands by
  const forwarded = fromFile.readUrl ? undefined : fromFile.url;
  return openRunnerSink({
    url: options.sinkUrl ?? forwarded,
    port: options.sinkPort ?? fromFile.port,
    http: options.httpSink,
    certificateDir: options.sinkCertificateDir,
  });
}

/** One line for the console: where the sink is and how a target started apart can trust it. */
export function describeRunnerSink(s: RunnerSink): string {
  if (s.public) return `notification sink: targets deliver to ${s.sink.url}/{id}; forward it to 127.0.0.1:${s.port} on this machine (http or https, path /sink/{id})`;
  if (!s.sink.certFile) return `notification sink: ${s.sink.url}`;
  return `notification sink: ${s.sink.url} (certificate ${s.sink.certFile}; start our mock with --sink-ca ${s.sink.certFile} to deliver to it)`;
}
