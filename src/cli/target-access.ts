/**
 * The options that say how to reach a target and its notification sink, the same for `conformance`
 * and `features`: a workspace of a shared harness mock, its control token, and the runner's sink.
 */
import { CONTROL_TOKEN_ENV, WORKSPACE_ENV, WORKSPACE_NAME } from "../core/harness-wire.ts";
import { UsageError } from "./usage-error.ts";

export const TARGET_ACCESS_OPTIONS = {
  workspace: { type: "string" },
  "control-token": { type: "string" },
  "sink-url": { type: "string" },
  "sink-port": { type: "string" },
  "http-sink": { type: "boolean" },
} as const;

export const TARGET_ACCESS_HELP = `A shared harness mock (README "Sharing one mock: workspaces and the control token"):
  --workspace NAME        use this isolated workspace of the mock (header x-harness-workspace on every
                          request, control plane included), so several runs share one mock without
                          seeing each other's clock or state. Default: $CAMARA_HARNESS_WORKSPACE, or
                          the target file's 'workspace', else the default workspace
  --control-token TOKEN   the mock's control token, sent on /_harness requests only and never written
                          to a report. Default: $CAMARA_HARNESS_CONTROL_TOKEN, or
                          the target file's 'controlToken'
Notifications go to the runner's own https sink on 127.0.0.1 (a certificate generated once and kept in
~/.cache/camara-harness/sink-tls; the built-in mock trusts it, our mock started apart needs
--sink-ca <the file the run prints>). A target elsewhere needs --sink-url:
  --sink-url URL   a public https address (e.g. a tunnel) forwarded to the runner's sink; targets get
                   URL/{id}. Forward it to 127.0.0.1:<--sink-port> (the sink answers http and https)
  --sink-port N    the local port of the runner's sink (default: any free one)
  --http-sink      offer http://127.0.0.1:<port>/sink instead, for a target that accepts http sinks
                   (our mock with --allow-insecure-sinks) and cannot trust the certificate`;

export interface TargetAccess {
  workspace?: string;
  controlToken?: string;
  sinkUrl?: string;
  sinkPort?: number;
  httpSink?: boolean;
}

type Values = { [K in keyof typeof TARGET_ACCESS_OPTIONS]?: (typeof TARGET_ACCESS_OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** The options checked (one UsageError line naming the first problem), with their environment defaults. */
export function readTargetAccess(values: Values): TargetAccess {
  const workspace = values.workspace ?? process.env[WORKSPACE_ENV];
  if (workspace !== undefined && !WORKSPACE_NAME.test(workspace)) {
    throw new UsageError(`--workspace must match ${WORKSPACE_NAME.source}, got '${workspace}'`);
  }
  const controlToken = values["control-token"] ?? (process.env[CONTROL_TOKEN_ENV] || undefined);
  const sinkUrl = values["sink-url"];
  if (sinkUrl !== undefined && !/^https:\/\/[^/]/.test(sinkUrl)) throw new UsageError(`--sink-url must be an https URL (CAMARA sinks are https), got '${sinkUrl}'`);
  const sinkPort = values["sink-port"] === undefined ? undefined : Number(values["sink-port"]);
  if (sinkPort !== undefined && !(Number.isInteger(sinkPort) && sinkPort > 0 && sinkPort <= 65535)) throw new UsageError(`--sink-port must be 1..65535`);
  if (sinkUrl !== undefined && values["http-sink"]) throw new UsageError("--sink-url and --http-sink exclude each other");
  return { workspace, controlToken, sinkUrl, sinkPort, httpSink: values["http-sink"] };
}
