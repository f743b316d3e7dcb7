// The values of the GraphQL enums the administration's forms offer, in the order they are shown.
import type { AccountState, InstanceRole, MailStatus, OrganizationKind, TableKind, Visibility } from "../../gql/graphql";
import type { Key } from "../../i18n";
import type { Me } from "../../session";

export const ORGANIZATION_KINDS: OrganizationKind[] = [
  "MUNICIPALITY",
  "SOCIAL_HEALTH_CONSORTIUM",
  "HEALTH_AUTHORITY",
  "PREFECTURE",
  "POLICE_HEADQUARTERS",
  "REGION",
  "SCHOOL",
  "ADULT_EDUCATION_CENTRE",
  "JOB_CENTRE",
  "OTHER_PUBLIC_BODY",
  "THIRD_SECTOR",
  "MIGRANT_ASSOCIATION",
  "OTHER",
];

export const TABLE_KINDS: TableKind[] = ["INTERINSTITUTIONAL_TABLE", "STEERING_COMMITTEE", "WORKING_GROUP", "MULTIPROFESSIONAL_TEAM", "FOCUS_GROUP"];

export const VISIBILITIES: Visibility[] = ["MEMBERS", "NETWORK", "PUBLIC"];

export const INSTANCE_ROLES: InstanceRole[] = ["USER", "MODERATOR", "ADMIN"];

export const ACCOUNT_STATES: AccountState[] = ["ACTIVE", "INVITED", "NOT_ACTIVATED", "DEACTIVATED"];

/** The languages of the interface and of the mails, by their own names. */
export const LANGUAGES = [
  { value: "IT", label: "Italiano" },
  { value: "EN", label: "English" },
];

export const MAIL_STATUSES: MailStatus[] = ["FAILED", "QUEUED", "SENT"];

/** Whether the person runs a table (chair or secretariat somewhere): they bring people and organizations in. */
export function runsATable(me: Me | null): boolean {
  return !!me?.memberships.some((m) => m.role === "CHAIR" || m.role === "SECRETARIAT");
}

export function isAdmin(me: Me | null): boolean {
  return me?.instanceRole === "ADMIN";
}

/** The administration's sections, each with who may use it. */
const SECTIONS: { path: string; label: Key; allowed: (me: Me) => boolean }[] = [
  { path: "people", label: "admin.people", allowed: (me) => isAdmin(me) || runsATable(me) },
  { path: "organizations", label: "admin.organizations", allowed: (me) => isAdmin(me) || runsATable(me) },
  { path: "tables", label: "admin.tables", allowed: isAdmin },
  { path: "audit", label: "admin.audit", allowed: isAdmin },
  { path: "synonyms", label: "admin.synonyms", allowed: isAdmin },
  { path: "import", label: "admin.import", allowed: (me) => isAdmin(me) || me.instanceRole === "MODERATOR" },
  { path: "mail", label: "admin.mail", allowed: isAdmin },
  { path: "mailbox", label: "admin.mailbox", allowed: isAdmin },
  { path: "health", label: "admin.health", allowed: isAdmin },
];

/** The sections `me` may use; none for a visitor or a plain user. */
export function adminSections(me: Me | null) {
  return me ? SECTIONS.filter((section) => section.allowed(me)) : [];
}
