/** The CAMARA APIs the runner can test, with the short names accepted by --api. */
export const CONFORMANCE_APIS: Record<string, { aliases: string[]; basePath: string; version: string }> = {
  "quality-on-demand": { aliases: ["qod"], basePath: "/quality-on-demand/v1", version: "1.1.0" },
  "qos-profiles": { aliases: ["qos", "qosp"], basePath: "/qos-profiles/v1", version: "1.1.0" },
  "number-verification": { aliases: ["nv"], basePath: "/number-verification/v2", version: "2.1.0" },
  "sim-swap": { aliases: ["simswap"], basePath: "/sim-swap/v2", version: "2.1.0" },
};

/** Resolves a comma-separated --api value; throws a one-line message for an unknown name. */
export function resolveApis(list: string | undefined): string[] {
  if (!list) return Object.keys(CONFORMANCE_APIS);
  const out: string[] = [];
  for (const name of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const api = Object.entries(CONFORMANCE_APIS).find(([k, v]) => k === name || v.aliases.includes(name))?.[0];
    if (!api) throw new Error(`unknown API '${name}'; known: ${Object.keys(CONFORMANCE_APIS).join(", ")} (or qod, qos, nv, simswap)`);
    if (!out.includes(api)) out.push(api);
  }
  return out;
}
