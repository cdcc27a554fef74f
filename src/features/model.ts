/**
 * The shape of an official CAMARA test definition once parsed: one FeatureFile per `.feature`, one
 * FeatureScenario per Scenario or per Examples row of a Scenario Outline (Background steps already
 * in front, `<placeholders>` of the row already substituted), each step with its own line.
 */

export type StepType = "context" | "action" | "outcome" | "unknown";

export interface FeatureStep {
  /** the keyword as written ("Given ", "And ", ...) */
  keyword: string;
  /** the keyword's meaning after And/But are resolved */
  type: StepType;
  text: string;
  /** line of the step in the file (for a Background step: its line in the Background) */
  line: number;
  fromBackground: boolean;
  docString?: string;
  dataTable?: string[][];
}

export interface FeatureScenario {
  title: string;
  /** line of the Scenario / Scenario Outline keyword */
  line: number;
  /** tags without the "@", the feature's own tags first */
  tags: string[];
  steps: FeatureStep[];
  /** the Examples row of an outline: its line and its values by column */
  example?: { line: number; values: Record<string, string> };
}

export interface FeatureFile {
  /** path shown in reports: relative to the reference folder or the working directory */
  file: string;
  /** absolute path */
  path: string;
  /** text of the `Feature:` line */
  name: string;
  description: string;
  tags: string[];
  scenarios: FeatureScenario[];
}
