/**
 * Summarises V8 CPU profiles (bench/profile.ts writes them to reports/profiles/):
 * share of sampled time per function, self and inclusive, so that "what dominates a request" is a
 * figure, not a guess. Usage: `npx tsx bench/profile-summary.ts [file.cpuprofile ...] [--top N] [--within fn]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../src/core/paths.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || "(anonymous)";
  if (!url) return name;
  const path = url.startsWith("file://") ? relative(PROJECT_ROOT, new URL(url).pathname) : url;
  const short = path.replace(/^node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "~");
  return `${name} ${short}:${lineNumber + 1}`;
}

/**
 * `within`: keep only the samples with a frame of that function name on the stack (e.g. "handle" for the
 * mock's request path), so that shares are of that function's time.
 */
/** Where a frame's code comes from: a file of the project, a package, node's own JS, or native code. */
function component(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) {
    if (functionName === "(garbage collector)") return "garbage collector";
    if (/^validate\d+$/.test(functionName)) return "ajv (compiled validators)";
    if (functionName.startsWith("RegExp: ")) return "regular expressions";
    return "native: syscalls (writev, read), builtins, (program)";
  }
  if (url.startsWith("node:")) return "node internals (http, net, streams, timers, crypto)";
  const path = url.startsWith("file://") ? relative(PROJECT_ROOT, new URL(url).pathname) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `package ${pkg[1]}`;
  return path;
}

export function summarise(profile: CpuProfile, top: number, within?: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const byComponent = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  // the profiler's own work (Profiler.stop builds the profile on this thread) is not the target's
  const isProfiler = (id: number) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url === "node:inspector") return true;
    }
    return false;
  };
  const hasFrame = (id: number, name: string) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.functionName === name) return true;
    }
    return false;
  };
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    if (isProfiler(id)) return;
    if (within !== undefined && !hasFrame(id, within)) return;
    total += dt;
    if (node.callFrame.functionName === "(idle)") idle += dt;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + dt);
    if (name !== "(idle)") byComponent.set(component(node), (byComponent.get(component(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = frameName(byId.get(cur)!);
      if (seen.has(n)) continue;
      seen.add(n);
      inclusive.set(n, (inclusive.get(n) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const pct = (v: number) => `${((100 * v) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    within === undefined
      ? `sampled ${(total / 1e6).toFixed(1)} s, busy (not idle) ${(busy / 1e6).toFixed(1)} s; shares are of busy time`
      : `${(busy / 1e6).toFixed(2)} s sampled within ${within}(); shares are of that time`,
  ];
  const list = (title: string, m: Map<string, number>, skip: (n: string) => boolean) => {
    lines.push(title);
    [...m.entries()]
      .filter(([n]) => !skip(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([n, v]) => lines.push(`  ${pct(v)}  ${n}`));
  };
  list("self time by component (file or package):", byComponent, () => false);
  list("self time:", self, (n) => n === "(idle)");
  list("inclusive time (a function and everything it calls):", inclusive, (n) => ["(root)", "(idle)"].includes(n));
  return lines.join("\n");
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const top = Number(option("--top") ?? 30);
  const within = option("--within");
  const files = args;
  const dir = join(PROJECT_ROOT, "reports", "profiles");
  const targets =
    files.length > 0
      ? files
      : readdirSync(dir, { recursive: true, encoding: "utf8" })
          .filter((f) => f.endsWith(".cpuprofile"))
          .map((f) => join(dir, f));
  for (const file of targets) {
    console.log(`== ${relative(PROJECT_ROOT, file)}`);
    console.log(summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top, within));
    console.log();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
