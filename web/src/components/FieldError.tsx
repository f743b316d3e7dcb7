// A refused request said in the reader's language: the server's reason (with the numbers it sends beside it) or
// else its code; the server's English sentence never reaches the page.
import { Alert } from "design-react-kit";
import { useI18n, type Key } from "../i18n";

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface ErrorLike {
  graphQLErrors: GraphQLErrorLike[];
  networkError?: Error;
}

/** The words for one error of a response. */
export function useErrorWords(): (error: GraphQLErrorLike | undefined) => string {
  const { t, locale } = useI18n();
  return (error) => {
    if (!error) return t("common.error");
    const extensions = error.extensions ?? {};
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const number = (value: unknown) => (typeof value === "number" ? value : undefined);
    const reason = text(extensions.reason);
    const code = text(extensions.code);
    const format = (value: number) => value.toLocaleString(locale === "it" ? "it-IT" : "en-GB");
    const worded = reason ? t(`reason.${reason}` as Key) : code ? t(`code.${code}` as Key) : undefined;
    if (!worded) return t("common.error");
    const min = number(extensions.min);
    const max = number(extensions.max);
    const seconds = number(extensions.retryAfter) ?? 900;
    return worded
      .replace("{min}", min === undefined ? "" : format(min))
      .replace("{max}", max === undefined ? "" : format(max))
      .replace("{maxMb}", max === undefined ? "" : format(Math.floor(max / (1024 * 1024))))
      .replace("{minutes}", String(Math.max(1, Math.ceil(seconds / 60))));
  };
}

/** The message for the first error of `error`. */
export function useErrorText(): (error: ErrorLike) => string {
  const words = useErrorWords();
  return (error) => words(error.graphQLErrors[0]);
}

export function FieldError({ error }: { error?: ErrorLike }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert color="danger" role="alert">
      {text(error)}
    </Alert>
  );
}
