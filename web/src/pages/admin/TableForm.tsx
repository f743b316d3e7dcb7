// A table's or working group's fields, for creating one and for editing it.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import type { TableKind, Visibility } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { TABLE_KINDS, VISIBILITIES } from "./choices";

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
  const { t, label } = useI18n();
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
      <div className="col-md-6">
        <label htmlFor={id("kind")} className="form-label">
          {t("tables.kind")}
        </label>
        <select id={id("kind")} className="form-select" value={fields.kind} onChange={(e) => setFields({ ...fields, kind: e.target.value as TableKind })}>
          {TABLE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {label(kind)}
            </option>
          ))}
        </select>
      </div>
      <div className="col-md-4">
        <label htmlFor={id("territory")} className="form-label">
          {t("admin.territory")}
        </label>
        <input id={id("territory")} className="form-control" value={fields.territory} onChange={(e) => setFields({ ...fields, territory: e.target.value })} />
      </div>
      <div className="col-md-4">
        <label htmlFor={id("parent")} className="form-label">
          {t("admin.parent")}
        </label>
        <select id={id("parent")} className="form-select" value={fields.parentId} onChange={(e) => setFields({ ...fields, parentId: e.target.value })}>
          <option value="">{t("admin.noParent")}</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="col-md-2">
        <label htmlFor={id("visibility")} className="form-label">
          {t("tables.visibility")}
        </label>
        <select id={id("visibility")} className="form-select" value={fields.visibility} onChange={(e) => setFields({ ...fields, visibility: e.target.value as Visibility })}>
          {VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {label(v)}
            </option>
          ))}
        </select>
      </div>
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
