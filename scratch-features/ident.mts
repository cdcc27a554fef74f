import { loadReleaseSpecs } from "../src/spec/operations.ts";
const specs = await loadReleaseSpecs("fall25");
for (const s of specs) {
  const schemas = ((s.doc as any).components?.schemas ?? {}) as Record<string, unknown>;
  for (const op of s.operations) {
    const b = op.requestBody?.schema;
    const name = Object.entries(schemas).find(([, v]) => v === b)?.[0];
    console.log(s.api, s.version, op.operationId, op.method, op.path, "body:", b ? (name ?? "(inline/unknown)") : "-", [...op.errorCodes].map(([k, v]) => `${k}:${[...v].join("|")}`).join(" "), JSON.stringify(op.scopes));
  }
}
