// Italian (default) and English: every user-facing string of the UI lives in the dictionaries of this folder, one
// file per language for the first areas and one file per later area holding both languages side by side.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { account } from "./account";
import { courses } from "./courses";
import { protocols } from "./protocols";
import { questionnaires } from "./questionnaires";
import { admin } from "./admin";
import { digest } from "./digest";
import { errors } from "./errors";
import { followUp } from "./followUp";
import { legal } from "./legal";
import { library } from "./library";
import { mailbox } from "./mailbox";
import { series } from "./series";
import { en as baseEn } from "./en";
import { it as baseIt } from "./it";

const it = { ...baseIt, ...account.it, ...admin.it, ...legal.it, ...library.it, ...followUp.it, ...mailbox.it, ...series.it, ...digest.it, ...courses.it, ...protocols.it, ...questionnaires.it, ...errors.it };
const en: Record<Key, string> = { ...baseEn, ...account.en, ...admin.en, ...legal.en, ...library.en, ...followUp.en, ...mailbox.en, ...series.en, ...digest.en, ...courses.en, ...protocols.en, ...questionnaires.en, ...errors.en };

export type Key = keyof typeof it;
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
  /** A meeting's wall-clock span, from `YYYY-MM-DDTHH:MM` strings, e.g. "16 dic 2026, 10:00–12:00". */
  span: (localStart: string, localEnd: string) => string;
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
      span: (localStart, localEnd) => {
        // Wall-clock strings carry no zone: format them as if UTC so no browser offset shifts them.
        const day = (text: string) => format.format(new Date(`${text.slice(0, 10)}T12:00:00Z`));
        const sameDay = localStart.slice(0, 10) === localEnd.slice(0, 10);
        return sameDay
          ? `${day(localStart)}, ${localStart.slice(11, 16)}–${localEnd.slice(11, 16)}`
          : `${day(localStart)} ${localStart.slice(11, 16)} – ${day(localEnd)} ${localEnd.slice(11, 16)}`;
      },
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  return context;
}
