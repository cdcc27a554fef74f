/** Store collection and index names of the platform (one place, so reset and seed agree). */
export const COLLECTIONS = {
  marker: "ogp.marker",
  tenants: "ogp.tenants",
  applications: "ogp.applications",
  capabilities: "ogp.capabilities",
  views: "ogp.views",
  consents: "ogp.consents",
  captures: "ogp.captures",
} as const;

export const INDEXES = {
  applicationsByTenant: "ogp.applications.by-tenant",
  viewsByTenant: "ogp.views.by-tenant",
  consentsBySubscriber: "ogp.consents.by-subscriber",
  capturesByPair: "ogp.captures.by-application-subscriber",
} as const;
