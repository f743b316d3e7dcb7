// A refused request said in the reader's language: the server's reason (a taken address, a weak password, an expired
// link, a locked address) or its code, else the server's own words.
import { Alert } from "design-react-kit";
import { useI18n, type Key } from "../i18n";

interface ErrorLike {
  graphQLErrors: { message: string; extensions?: Record<string, unknown> }[];
  networkError?: Error;
}

/** The message for the first error of `error`. */
export function useErrorText(): (error: ErrorLike) => string {
  const { t } = useI18n();
  return (error) => {
    const first = error.graphQLErrors[0];
    if (!first) return t("common.error");
    const extensions = first.extensions ?? {};
    const reason = typeof extensions.reason === "string" ? extensions.reason : undefined;
    const code = typeof extensions.code === "string" ? extensions.code : undefined;
    if (reason === "LOCKED") {
      const seconds = typeof extensions.retryAfter === "number" ? extensions.retryAfter : 900;
      return t("reason.LOCKED").replace("{minutes}", String(Math.max(1, Math.ceil(seconds / 60))));
    }
    if (reason) return t(`reason.${reason}` as Key) ?? first.message;
    if (code === "CONFLICT") return t("meetings.conflict");
    if (code === "FORBIDDEN" || code === "UNAUTHENTICATED" || code === "UNAVAILABLE") return t(`code.${code}`);
    return first.message;
  };
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
