// An organization's fields, for creating one and for editing it.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import type { OrganizationKind } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { ORGANIZATION_KINDS } from "./choices";

export interface OrganizationFields {
  name: string;
  kind: OrganizationKind;
  territory: string;
  email: string;
  phone: string;
  website: string;
}

export const EMPTY_ORGANIZATION: OrganizationFields = { name: "", kind: "MUNICIPALITY", territory: "", email: "", phone: "", website: "" };

export function OrganizationForm({
  idPrefix,
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: OrganizationFields;
  submitLabel: string;
  busy: boolean;
  onSubmit: (fields: OrganizationFields) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t, label } = useI18n();
  const [fields, setFields] = useState(initial);
  const text = (key: Exclude<keyof OrganizationFields, "kind">, caption: string, type = "text", required = false) => (
    <div className="col-md-4">
      <label htmlFor={`${idPrefix}-${key}`} className="form-label">
        {caption}
      </label>
      <input id={`${idPrefix}-${key}`} className="form-control" type={type} required={required} value={fields[key]} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </div>
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onSubmit(fields)) setFields(initial);
  }

  return (
    <form className="row g-3" onSubmit={submit}>
      {text("name", t("admin.name"), "text", true)}
      <div className="col-md-4">
        <label htmlFor={`${idPrefix}-kind`} className="form-label">
          {t("organizations.kind")}
        </label>
        <select id={`${idPrefix}-kind`} className="form-select" value={fields.kind} onChange={(e) => setFields({ ...fields, kind: e.target.value as OrganizationKind })}>
          {ORGANIZATION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {label(kind)}
            </option>
          ))}
        </select>
      </div>
      {text("territory", t("admin.territory"))}
      {text("email", t("organizations.email"), "email")}
      {text("phone", t("organizations.phone"), "tel")}
      {text("website", t("organizations.website"), "url")}
      <div className="col-12 d-flex gap-2">
        <Button color="primary" type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button color="secondary" outline type="button" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
