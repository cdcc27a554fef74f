/**
 * What a workspace of a shared mock costs (issue 18): wall and CPU ms to build the default world
 * (which compiles the specs and validators for all) and each further world, and the RSS each one
 * adds, with and without the shared compilation. CPU time is printed beside wall time because a busy
 * machine stretches the latter.
 *   node --expose-gc --import tsx bench/workspace-cost.ts [--workspaces 20]
 */
import { createMock, type MockApp } from "../src/mock/app.ts";
import { createSharedMock } from "../src/mock/workspaces.ts";

const args = process.argv.slice(2);
const n = Number(args[args.indexOf("--workspaces") + 1] || 20) || 20;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, build: () => Promise<unknown>): Promise<void> {
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const [w, c] = [performance.now(), cpuMs()];
    await build();
    wall.push(performance.now() - w);
    cpu.push(cpuMs() - c);
  }
  gc();
  const perWorld = (process.memoryUsage().rss - rss0) / n;
  const heapPerWorld = (process.memoryUsage().heapUsed - heap0) / n;
  console.log(
    `${label.padEnd(34)} wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}), ` +
      `CPU median ${median(cpu).toFixed(0)} ms, RSS +${mb(perWorld)} MB, heap +${mb(heapPerWorld)} MB per world`,
  );
}

const [w0, c0] = [performance.now(), cpuMs()];
const shared = await createSharedMock({});
console.log(`default world (compiles for all)   wall ${(performance.now() - w0).toFixed(0)} ms, CPU ${(cpuMs() - c0).toFixed(0)} ms`);
let i = 0;
await measure(`${n} workspaces (shared compilation)`, () => shared.workspace(`w${i++}`));
const apps: MockApp[] = [];
await measure(`${n} separate createMock()`, async () => apps.push(await createMock({})));
shared.close();
for (const a of apps) a.close();
process.exit(0);
