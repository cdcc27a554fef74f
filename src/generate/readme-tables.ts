/**
 * The README's table of APIs and releases, derived from the API modules and the specs, written
 * between two markers by `npm run generate` (a test fails when README.md is stale). A new module or
 * a spec dropped into specs/ shows up here without editing the README by hand.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { API_MODULES, moduleOf, releaseApis, releaseNames } from "../apis/registry.ts";
import { PROJECT_ROOT } from "../core/paths.ts";
import { listSpecFiles } from "../openapi/catalogue.ts";
import { basePath, loadDereferenced } from "../openapi/contract.ts";
import { DEFAULT_RELEASE, HARNESS_APIS, RELEASE_RULES } from "../openapi/releases.ts";

export const README_FILE = join(PROJECT_ROOT, "README.md");
const START = "<!-- generated:apis (npm run generate; do not edit by hand) -->";
const END = "<!-- /generated:apis -->";

async function basePaths(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of listSpecFiles()) {
    if (!HARNESS_APIS.includes(f.api)) out.set(`${f.api}/${f.version}`, basePath(await loadDereferenced(f.file)));
  }
  return out;
}

/** The markdown table: one row per API, one column per release, the version and base path served. */
export async function renderApiTable(): Promise<string> {
  const paths = await basePaths();
  // the default selection first when it is not a release of its own ("latest": the newest public version of each API)
  const releases = [...(releaseNames().includes(DEFAULT_RELEASE) ? [] : [DEFAULT_RELEASE]), ...releaseNames()];
  const perRelease = Object.fromEntries(releases.map((r) => [r, releaseApis(r)]));
  const apis = [...new Set(releases.flatMap((r) => Object.keys(perRelease[r])))].sort();
  const head = releases.map((r) =>
    RELEASE_RULES[r] ? `\`${r}\`${r === DEFAULT_RELEASE ? " (default)" : ""} C${RELEASE_RULES[r].commonalities}` : `\`${r}\` (default)`,
  );
  const rows = apis.map((api) => {
    const m = moduleOf(api);
    const names = [api, ...(m?.aliases ?? [])].map((n) => `\`${n}\``).join(", ");
    const kind = m ? "stateful" : "stateless (Prism)";
    const cells = releases.map((r) => {
      const v = perRelease[r][api];
      return v ? `${v} \`${paths.get(`${api}/${v}`) ?? ""}\`` : "";
    });
    return `| ${m?.title ?? api} | ${names} | ${kind} | ${cells.join(" | ")} |`;
  });
  return [
    `| API | \`--api\` | mock | ${head.join(" | ")} |`,
    `| --- | --- | --- | ${releases.map(() => "---").join(" | ")} |`,
    ...rows,
    "",
    `${API_MODULES.length} API modules in \`src/apis/\`; a spec in \`specs/\` without a module is served by Prism and tested by the generic layers.`,
  ].join("\n");
}

/** README.md with the table between the markers replaced (the markers must be there). */
export async function renderReadme(text: string = readFileSync(README_FILE, "utf8")): Promise<string> {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} ... ${END}`);
  return `${text.slice(0, start + START.length)}\n${await renderApiTable()}\n${text.slice(end)}`;
}

export async function writeReadmeTable(): Promise<void> {
  writeFileSync(README_FILE, await renderReadme());
}
