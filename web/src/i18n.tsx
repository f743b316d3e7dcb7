// Italian (default) and English: every user-facing string of the UI lives in these two dictionaries.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

const it = {
  "app.name": "Tavolo",
  "app.tagline": "Il lavoro del tavolo interistituzionale, in un solo posto",
  "app.owner": "Rete territoriale per l'integrazione",
  "nav.home": "Home",
  "nav.tables": "Tavoli",
  "nav.organizations": "Enti",
  "nav.people": "Persone",
  "nav.main": "Navigazione principale",
  "nav.skip": "Vai al contenuto",
  "lang.switch": "English",
  "lang.switchLabel": "Switch to English",
  "session.login": "Accedi",
  "session.logout": "Esci",
  "session.signedInAs": "Accesso effettuato come",
  "login.title": "Accedi a Tavolo",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Accedi",
  "login.failed": "Email o password non corretti.",
  "login.required": "Accedi per vedere questa pagina.",
  "home.welcome": "Benvenuta, benvenuto",
  "home.intro": "Tavolo raccoglie i tavoli del territorio, gli enti che ne fanno parte, i loro delegati e i ruoli di ciascuno.",
  "home.myTables": "I miei tavoli",
  "home.noTables": "Non hai ancora ruoli in un tavolo.",
  "home.publicTables": "Tavoli pubblici",
  "common.loading": "Caricamento…",
  "common.error": "Si è verificato un errore. Riprova tra poco.",
  "common.notFound": "Pagina non trovata",
  "common.notFoundText": "La pagina cercata non esiste o non hai i permessi per vederla.",
  "common.loadMore": "Carica altri",
  "common.search": "Cerca",
  "common.searchPlaceholder": "Cerca per nome",
  "common.total": "Totale",
  "common.none": "Nessuno",
  "common.back": "Indietro",
  "tables.title": "Tavoli",
  "tables.kind": "Tipo",
  "tables.territory": "Territorio",
  "tables.visibility": "Visibilità",
  "tables.parent": "Fa parte di",
  "tables.children": "Gruppi e sottogruppi",
  "tables.seats": "Enti componenti e delegati",
  "tables.organization": "Ente",
  "tables.delegates": "Delegati",
  "tables.roles": "Ruoli",
  "tables.person": "Persona",
  "tables.role": "Ruolo",
  "tables.myRoles": "I miei ruoli",
  "tables.empty": "Nessun tavolo visibile.",
  "tables.noSeats": "Nessun ente componente.",
  "organizations.title": "Enti",
  "organizations.kind": "Tipo di ente",
  "organizations.email": "Email istituzionale",
  "organizations.phone": "Telefono",
  "organizations.website": "Sito web",
  "organizations.people": "Persone dell'ente",
  "organizations.empty": "Nessun ente trovato.",
  "people.title": "Persone",
  "people.organization": "Ente",
  "people.email": "Email",
  "people.memberships": "Ruoli nei tavoli",
  "people.instanceRole": "Ruolo nella piattaforma",
  "people.empty": "Nessuna persona trovata.",
  "enum.ADMIN": "Amministrazione",
  "enum.MODERATOR": "Moderazione",
  "enum.USER": "Utente",
  "enum.CHAIR": "Presidenza",
  "enum.SECRETARIAT": "Segreteria",
  "enum.DELEGATE": "Delegato",
  "enum.OBSERVER": "Osservatore",
  "enum.TITULAR": "Titolare",
  "enum.SUBSTITUTE": "Supplente",
  "enum.MEMBERS": "Solo componenti",
  "enum.NETWORK": "Rete (utenti registrati)",
  "enum.PUBLIC": "Pubblico",
  "enum.INTERINSTITUTIONAL_TABLE": "Tavolo interistituzionale",
  "enum.STEERING_COMMITTEE": "Cabina di regia",
  "enum.WORKING_GROUP": "Gruppo di lavoro",
  "enum.FOCUS_GROUP": "Focus group",
  "enum.MULTIPROFESSIONAL_TEAM": "Équipe multiprofessionale",
  "enum.MUNICIPALITY": "Comune",
  "enum.HEALTH_AUTHORITY": "Azienda sanitaria",
  "enum.SOCIAL_HEALTH_CONSORTIUM": "Società della Salute",
  "enum.PREFECTURE": "Prefettura",
  "enum.POLICE_HEADQUARTERS": "Questura",
  "enum.REGION": "Regione",
  "enum.SCHOOL": "Scuola",
  "enum.ADULT_EDUCATION_CENTRE": "CPIA",
  "enum.JOB_CENTRE": "Centro per l'impiego",
  "enum.OTHER_PUBLIC_BODY": "Altro ente pubblico",
  "enum.THIRD_SECTOR": "Terzo settore",
  "enum.MIGRANT_ASSOCIATION": "Associazione di migranti",
  "enum.OTHER": "Altro",
  "footer.text": "Tavolo — spazio di lavoro dei tavoli interistituzionali e delle comunità di pratica",
};

type Key = keyof typeof it;

const en: Record<Key, string> = {
  "app.name": "Tavolo",
  "app.tagline": "The work of the interinstitutional table, in one place",
  "app.owner": "Territorial integration network",
  "nav.home": "Home",
  "nav.tables": "Tables",
  "nav.organizations": "Organizations",
  "nav.people": "People",
  "nav.main": "Main navigation",
  "nav.skip": "Skip to content",
  "lang.switch": "Italiano",
  "lang.switchLabel": "Passa all'italiano",
  "session.login": "Sign in",
  "session.logout": "Sign out",
  "session.signedInAs": "Signed in as",
  "login.title": "Sign in to Tavolo",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.failed": "Wrong email or password.",
  "login.required": "Sign in to see this page.",
  "home.welcome": "Welcome",
  "home.intro": "Tavolo gathers the territory's tables, their member organizations, their delegates and everyone's roles.",
  "home.myTables": "My tables",
  "home.noTables": "You have no role at a table yet.",
  "home.publicTables": "Public tables",
  "common.loading": "Loading…",
  "common.error": "Something went wrong. Please try again shortly.",
  "common.notFound": "Page not found",
  "common.notFoundText": "The page does not exist or you may not see it.",
  "common.loadMore": "Load more",
  "common.search": "Search",
  "common.searchPlaceholder": "Search by name",
  "common.total": "Total",
  "common.none": "None",
  "common.back": "Back",
  "tables.title": "Tables",
  "tables.kind": "Kind",
  "tables.territory": "Territory",
  "tables.visibility": "Visibility",
  "tables.parent": "Part of",
  "tables.children": "Groups and sub-groups",
  "tables.seats": "Member organizations and delegates",
  "tables.organization": "Organization",
  "tables.delegates": "Delegates",
  "tables.roles": "Roles",
  "tables.person": "Person",
  "tables.role": "Role",
  "tables.myRoles": "My roles",
  "tables.empty": "No visible tables.",
  "tables.noSeats": "No member organizations.",
  "organizations.title": "Organizations",
  "organizations.kind": "Kind of organization",
  "organizations.email": "Institutional email",
  "organizations.phone": "Phone",
  "organizations.website": "Website",
  "organizations.people": "People of the organization",
  "organizations.empty": "No organizations found.",
  "people.title": "People",
  "people.organization": "Organization",
  "people.email": "Email",
  "people.memberships": "Roles at tables",
  "people.instanceRole": "Role on the platform",
  "people.empty": "No people found.",
  "enum.ADMIN": "Administrator",
  "enum.MODERATOR": "Moderator",
  "enum.USER": "User",
  "enum.CHAIR": "Chair",
  "enum.SECRETARIAT": "Secretariat",
  "enum.DELEGATE": "Delegate",
  "enum.OBSERVER": "Observer",
  "enum.TITULAR": "Titular",
  "enum.SUBSTITUTE": "Substitute",
  "enum.MEMBERS": "Members only",
  "enum.NETWORK": "Network (signed-in users)",
  "enum.PUBLIC": "Public",
  "enum.INTERINSTITUTIONAL_TABLE": "Interinstitutional table",
  "enum.STEERING_COMMITTEE": "Steering committee",
  "enum.WORKING_GROUP": "Working group",
  "enum.FOCUS_GROUP": "Focus group",
  "enum.MULTIPROFESSIONAL_TEAM": "Multiprofessional team",
  "enum.MUNICIPALITY": "Municipality",
  "enum.HEALTH_AUTHORITY": "Health authority",
  "enum.SOCIAL_HEALTH_CONSORTIUM": "Social-health consortium",
  "enum.PREFECTURE": "Prefecture",
  "enum.POLICE_HEADQUARTERS": "Police headquarters",
  "enum.REGION": "Region",
  "enum.SCHOOL": "School",
  "enum.ADULT_EDUCATION_CENTRE": "Adult-education centre",
  "enum.JOB_CENTRE": "Job centre",
  "enum.OTHER_PUBLIC_BODY": "Other public body",
  "enum.THIRD_SECTOR": "Third sector",
  "enum.MIGRANT_ASSOCIATION": "Migrant association",
  "enum.OTHER": "Other",
  "footer.text": "Tavolo — the workspace of interinstitutional tables and communities of practice",
};

export type Locale = "it" | "en";
const dictionaries: Record<Locale, Record<Key, string>> = { it, en };
const STORAGE_KEY = "tavolo.locale";

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: Key) => string;
  /** The label of a GraphQL enum value, e.g. CHAIR → Presidenza. */
  label: (value: string | null | undefined) => string;
  /** A date in the user's language. */
  date: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === "en" || stored === "it" ? stored : "it";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[locale];
    const format = new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { dateStyle: "medium" });
    return {
      locale,
      setLocale,
      t: (key) => dictionary[key],
      label: (value) => (value ? (dictionary[`enum.${value}` as Key] ?? value) : ""),
      date: (iso) => (iso ? format.format(new Date(iso)) : ""),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  return context;
}
