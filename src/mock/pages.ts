/**
 * Pages for people that API modules serve outside their base paths (manifest `pages`), e.g. Consent
 * Info's consent capture page. Compiled once; a path that no page claims falls through (undefined).
 */
import type { ModuleDeps, PageRoute } from "../apis/module.ts";
import { API_MODULES } from "../apis/registry.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";

interface CompiledPage {
  route: PageRoute;
  regex: RegExp;
  names: string[];
}

export function createPages(deps: ModuleDeps): (req: MockRequest) => Promise<MockResponse | undefined> {
  const pages: CompiledPage[] = API_MODULES.flatMap((m) => m.pages ?? []).map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    });
    return { route, regex: new RegExp(`^${pattern}$`), names };
  });
  return async (req) => {
    for (const { route, regex, names } of pages) {
      const m = route.method === req.method ? regex.exec(req.path) : null;
      if (!m) continue;
      const params: Record<string, string> = {};
      names.forEach((n, i) => (params[n] = m[i + 1]));
      return route.handle(req, params, deps);
    }
    return undefined;
  };
}
