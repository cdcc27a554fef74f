/**
 * generated/index.ts, the entry point of `camara-harness/clients`: every version of every API as a
 * namespace (QualityOnDemandV1_0_0), and the newest version of each API under plain names
 * (createQualityOnDemandClient, and the QualityOnDemand namespace for its BASE_PATH and types).
 * Older versions are also importable one by one: `camara-harness/clients/<api>/<version>`.
 */

export interface IndexedClient {
  api: string;
  version: string;
  /** PascalCase API name, as in the factory `create<Name>Client` */
  name: string;
}

function parts(version: string): { numbers: number[]; pre: string } {
  const [core, ...pre] = version.split("-");
  return { numbers: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre.join("-") };
}

/** Semantic-version order: numbers compared one by one; a pre-release (1.0.0-rc.1) before its release. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const d = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The newest version of each API, in the order of first appearance. */
export function newestPerApi(clients: readonly IndexedClient[]): IndexedClient[] {
  const newest = new Map<string, IndexedClient>();
  for (const c of clients) {
    const seen = newest.get(c.api);
    if (!seen || compareVersions(c.version, seen.version) > 0) newest.set(c.api, c);
  }
  return [...newest.values()];
}

/** The index module's body (without the do-not-edit header). */
export function renderClientsIndex(clients: readonly IndexedClient[]): string {
  const module = (c: IndexedClient) => `"./${c.api}/${c.version}/client.ts"`;
  const alias = (c: IndexedClient) => `${c.name}V${c.version.replace(/[^0-9a-zA-Z]+/g, "_")}`;
  const lines = clients.map((c) => `export * as ${alias(c)} from ${module(c)};`);
  lines.push("", "// the newest version of each API");
  for (const c of newestPerApi(clients)) {
    lines.push(`export { create${c.name}Client } from ${module(c)};`);
    lines.push(`export * as ${c.name} from ${module(c)};`);
  }
  return `${lines.join("\n")}\n`;
}
