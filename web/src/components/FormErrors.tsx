// A refused form as Bootstrap Italia intends: the server's reason beside the field it names (marked invalid), and a
// summary at the top, announced to screen readers, whose entry links to that field.
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { useErrorWords, type ErrorLike } from "./FieldError";

/** The form's inputs by the server's field name (`extensions.field`): the input's id and its visible label. */
export type FormFields = Record<string, { id: string; label: string }>;

export interface FormErrors {
  /** The summary to place at the top of the form, or nothing. */
  summary: ReactNode;
  /** Props for the input of server field `name`: invalid with the reason below it, when the refusal names it. */
  field: (name: string) => { valid?: false; validationText?: string; "aria-invalid"?: true };
}

export function useFormErrors(error: ErrorLike | undefined, fields: FormFields): FormErrors {
  const { t } = useI18n();
  const words = useErrorWords();
  const first = error?.graphQLErrors[0];
  if (!error) return { summary: null, field: () => ({}) };
  const name = typeof first?.extensions?.field === "string" ? first.extensions.field : undefined;
  const target = name ? fields[name] : undefined;
  const message = words(first);
  const summary = (
    <div className="alert alert-danger" role="alert">
      {target ? (
        <>
          <p className="mb-1">{t("form.summary")}</p>
          <ul className="mb-0">
            <li>
              <a href={`#${target.id}`} onClick={(event) => focus(event, target.id)}>
                {target.label}: {message}
              </a>
            </li>
          </ul>
        </>
      ) : (
        message
      )}
    </div>
  );
  return {
    summary,
    field: (field) => (target && field === name ? { valid: false, validationText: message, "aria-invalid": true } : {}),
  };
}

/** Moves to the field without changing the address, so the page's own links keep working. */
function focus(event: { preventDefault: () => void }, id: string) {
  const input = document.getElementById(id);
  if (!input) return;
  event.preventDefault();
  input.focus();
  input.scrollIntoView({ block: "center" });
}

/** A label with the mark of a required field; the input carries `required` for assistive technologies. */
export function required(label: string): string {
  return `${label} *`;
}
