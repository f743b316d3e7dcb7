// A table's or working group's fields, for creating one and for editing it.
import { useState, type FormEvent } from "react";
import type { TableKind, Visibility } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { TABLE_KINDS, VISIBILITIES } from "./choices";
import { FormActions, SelectField, named, useLabelled } from "./fields";

export interface TableFields {
  name: string;
  kind: TableKind;
  territory: string;
  description: string;
  parentId: string;
  visibility: Visibility;
  quorumPercent: string;
}

export const EMPTY_TABLE: TableFields = {
  name: "",
  kind: "INTERINSTITUTIONAL_TABLE",
  territory: "",
  description: "",
  parentId: "",
  visibility: "NETWORK",
  quorumPercent: "50",
};

export function TableForm({
  idPrefix,
  initial,
  parents,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: TableFields;
  parents: { id: string; name: string }[];
  submitLabel: string;
  busy: boolean;
  onSubmit: (fields: TableFields) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const labelled = useLabelled();
  const [fields, setFields] = useState(initial);
  const id = (key: string) => `${idPrefix}-${key}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onSubmit(fields)) setFields(initial);
  }

  return (
    <form className="row g-3" onSubmit={submit}>
      <div className="col-md-6">
        <label htmlFor={id("name")} className="form-label">
          {t("admin.name")}
        </label>
        <input id={id("name")} className="form-control" required value={fields.name} onChange={(e) => setFields({ ...fields, name: e.target.value })} />
      </div>
      <SelectField
        id={id("kind")}
        label={t("tables.kind")}
        column="col-md-6"
        value={fields.kind}
        choices={labelled(TABLE_KINDS)}
        onChange={(kind) => setFields({ ...fields, kind: kind as TableKind })}
      />
      <div className="col-md-4">
        <label htmlFor={id("territory")} className="form-label">
          {t("admin.territory")}
        </label>
        <input id={id("territory")} className="form-control" value={fields.territory} onChange={(e) => setFields({ ...fields, territory: e.target.value })} />
      </div>
      <SelectField
        id={id("parent")}
        label={t("admin.parent")}
        value={fields.parentId}
        choices={named(parents)}
        empty={t("admin.noParent")}
        onChange={(parentId) => setFields({ ...fields, parentId })}
      />
      <SelectField
        id={id("visibility")}
        label={t("tables.visibility")}
        column="col-md-2"
        value={fields.visibility}
        choices={labelled(VISIBILITIES)}
        onChange={(visibility) => setFields({ ...fields, visibility: visibility as Visibility })}
      />
      <div className="col-md-2">
        <label htmlFor={id("quorum")} className="form-label">
          {t("admin.quorum")}
        </label>
        <input
          id={id("quorum")}
          className="form-control"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          step={1}
          required
          value={fields.quorumPercent}
          onChange={(e) => setFields({ ...fields, quorumPercent: e.target.value })}
        />
      </div>
      <div className="col-12">
        <label htmlFor={id("description")} className="form-label">
          {t("admin.description")}
        </label>
        <textarea id={id("description")} className="form-control" rows={3} value={fields.description} onChange={(e) => setFields({ ...fields, description: e.target.value })} />
      </div>
      <FormActions busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
