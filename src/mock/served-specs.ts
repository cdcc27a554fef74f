/**
 * The specs one mock serves: those of the selected release(s), plus the authorization server and the
 * control plane. Several releases can be served at once when their base paths differ; two different
 * versions on the same base path are refused (one mock per release then). The default selection
 * ("latest") serves one version per API, the newest public one, each under its own release's rules.
 */
import { releaseApis, releaseNamesOf, selectionApis } from "../apis/registry.ts";
import { listSpecFiles, SPECS_DIR } from "../openapi/catalogue.ts";
import { type ApiSpec, loadApiSpecs } from "../openapi/operations.ts";
import { DEFAULT_RELEASE, HARNESS_APIS } from "../openapi/releases.ts";

export { releaseNamesOf };

export interface ServedSpec {
  spec: ApiSpec;
  /** the (first) selected release that contains this API version */
  release: string;
}

export class ReleaseConflictError extends Error {
  override name = "ReleaseConflictError";
}

export async function loadServedSpecs(release: string | string[], specsDir: string = SPECS_DIR): Promise<ServedSpec[]> {
  const names = releaseNamesOf(release);
  const wanted = new Map<string, string>(); // "api/version" -> release
  const selections = Array.isArray(release) ? release : [release];
  if (selections.some((r) => r.split(",").map((p) => p.trim()).includes(DEFAULT_RELEASE))) {
    for (const [api, v] of Object.entries(selectionApis(names.join(","), specsDir))) wanted.set(`${api}/${v.version}`, v.release);
  } else {
    for (const name of names) {
      for (const [api, version] of Object.entries(releaseApis(name, specsDir))) {
        if (!wanted.has(`${api}/${version}`)) wanted.set(`${api}/${version}`, name);
      }
    }
  }
  const files = listSpecFiles(specsDir).filter((f) => wanted.has(`${f.api}/${f.version}`) || HARNESS_APIS.includes(f.api));
  const specs = await loadApiSpecs(files);
  const byBasePath = new Map<string, ApiSpec>();
  for (const spec of specs) {
    if (!spec.basePath || HARNESS_APIS.includes(spec.api)) continue;
    const other = byBasePath.get(spec.basePath);
    if (other) {
      throw new ReleaseConflictError(
        `releases ${names.join(" and ")} both serve ${spec.basePath} (${other.api} ${other.version} and ${spec.api} ${spec.version}); run one mock per release`,
      );
    }
    byBasePath.set(spec.basePath, spec);
  }
  return specs.map((spec) => ({ spec, release: wanted.get(`${spec.api}/${spec.version}`) ?? names[0] }));
}
