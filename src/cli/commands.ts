/** The registry of CLI sub-commands; each lives in its own file and is loaded only when used. */
import type { Command } from "./command.ts";

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  generate: {
    summary: "validate the specs in specs/ and write typed clients into generated/",
    load: async () => (await import("./generate-command.ts")).generateCommand,
  },
  conformance: {
    summary: "check a target (default: the built-in mock) against the CAMARA specs and test definitions",
    load: async () => (await import("./conformance-command.ts")).conformanceCommand,
  },
  features: {
    summary: "run CAMARA's official Gherkin test definitions against a target (default: the built-in mock)",
    load: async () => (await import("./features-command.ts")).featuresCommand,
  },
  proxy: {
    summary: "run Prism's validation proxy in front of a target and report spec violations",
    load: async () => (await import("./proxy-command.ts")).proxyCommand,
  },
  mock: {
    summary: "run the stateful mock operator (APIs, authorization server, control plane)",
    load: async () => (await import("./mock-command.ts")).mockCommand,
  },
};
