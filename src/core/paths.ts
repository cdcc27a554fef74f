/** Where the project's own files are, whether it runs from a checkout or from an installed package. */
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
