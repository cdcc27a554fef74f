/**
 * Whether the container tests can run here: a Docker engine that answers, and the image (built by
 * scripts/docker-build.sh or `.ci/run`; named by $CAMARA_HARNESS_IMAGE, else camara-harness:latest).
 * Otherwise the reason, which the tests print and put in their names: they skip, never silently.
 */
import { execFileSync } from "node:child_process";
import { DEFAULT_IMAGE } from "../../src/testcontainers/index.ts";

export const IMAGE = process.env.CAMARA_HARNESS_IMAGE || DEFAULT_IMAGE;

// testcontainers' reaper image cannot be pulled where no registry is reachable (read when a container starts)
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

function docker(args: string[], timeout = 15_000): string {
  return execFileSync("docker", args, { encoding: "utf8", timeout, stdio: ["ignore", "pipe", "pipe"] });
}

function probe(): string | undefined {
  // .ci/run says why it has no image (no engine, a build over its time box, ...)
  if (process.env.CAMARA_CONTAINER_SKIP_REASON) return process.env.CAMARA_CONTAINER_SKIP_REASON;
  try {
    docker(["info", "--format", "{{.ServerVersion}}"]);
  } catch (error) {
    return `no Docker engine answers (docker info: ${firstLine(error)})`;
  }
  if (!imagePresent(IMAGE)) return `image ${IMAGE} is absent (build it: scripts/docker-build.sh [--local-base] --tag ${IMAGE})`;
  return undefined;
}

/** Whether the engine holds this image. */
export function imagePresent(image: string): boolean {
  try {
    docker(["image", "inspect", image]);
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(error)).trim().split("\n")[0];
}

/** Why the container tests cannot run, or undefined when they can. */
export const CONTAINER_SKIP_REASON = probe();
if (CONTAINER_SKIP_REASON) console.log(`container tests skipped: ${CONTAINER_SKIP_REASON}`);

/** The image's `camara-harness mock --help`, to see which options its CLI has (e.g. --store). */
export function imageMockHelp(): string {
  return docker(["run", "--rm", IMAGE, "mock", "--help"], 60_000);
}
