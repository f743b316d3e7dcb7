// An organization's fields, for creating one and for editing it.
import { useState, type FormEvent } from "react";
import type { OrganizationKind } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { ORGANIZATION_KINDS } from "./choices";
import { FormActions, SelectField, useLabelled } from "./fields";

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
  const { t } = useI18n();
  const labelled = useLabelled();
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
      <SelectField
        id={`${idPrefix}-kind`}
        label={t("organizations.kind")}
        value={fields.kind}
        choices={labelled(ORGANIZATION_KINDS)}
        onChange={(kind) => setFields({ ...fields, kind: kind as OrganizationKind })}
      />
      {text("territory", t("admin.territory"))}
      {text("email", t("organizations.email"), "email")}
      {text("phone", t("organizations.phone"), "tel")}
      {text("website", t("organizations.website"), "url")}
      <FormActions busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
