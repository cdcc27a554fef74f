/**
 * Scenario definitions that carry an official CAMARA test definition: the tag id (without the @),
 * the feature file and the line of its `Scenario` keyword, and the Scenario title, so a report row
 * maps back to the standard (GUIDE principle 10). A Scenario Outline becomes one scenario per
 * Examples row: the id gets `.<row value>` appended and the title `(<row value>)`.
 */
import type { ScenarioDef } from "./scenario.ts";

/** The public Fall25 release of QualityOnDemand, whose test definitions this harness implements. */
export const QOD_R32 = "QualityOnDemand/r3.2";

export interface FeatureRef {
  api: string;
  version: string;
  operationId: string;
  /** feature file name inside `folder` */
  file: string;
  folder?: string;
}

export type OfficialDef = (id: string, line: number, title: string, rule: string, row?: string) => ScenarioDef;

export function officialFeature(ref: FeatureRef): OfficialDef {
  return (id, line, title, rule, row) => ({
    id: row === undefined ? id : `${id}.${row}`,
    title: row === undefined ? title : `${title} (${row})`,
    api: ref.api,
    version: ref.version,
    operationId: ref.operationId,
    rule,
    layer: "official",
    source: { file: `${ref.folder ?? QOD_R32}/${ref.file}`, line },
  });
}

/** Our own scenarios for what the definitions leave out: layer "api", no source line. */
export function apiScenario(api: string, version: string, operationId: string) {
  return (id: string, title: string, rule: string): ScenarioDef => ({ id, title, rule, api, version, operationId, layer: "api" });
}
