/**
 * The wire names of a shared harness mock (issue 18), for the mock that reads them and for the
 * runners and the testcontainers module that send them: one definition each.
 */

/** the request header that picks a workspace */
export const WORKSPACE_HEADER = "x-harness-workspace";
/** the request header that carries the control token on /_harness requests */
export const CONTROL_TOKEN_HEADER = "x-harness-control-token";
/** the environment variables that stand for --workspace and --control-token */
export const WORKSPACE_ENV = "CAMARA_HARNESS_WORKSPACE";
export const CONTROL_TOKEN_ENV = "CAMARA_HARNESS_CONTROL_TOKEN";
/** lower-case letters, digits and "-", 1 to 63 characters (a DNS label: fits a key prefix, a URL, a log line) */
export const WORKSPACE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** the WWW-Authenticate challenge of a protected control plane: tells it apart from any other 401 */
export const CONTROL_PLANE_CHALLENGE = 'Bearer realm="camara-harness control plane"';
