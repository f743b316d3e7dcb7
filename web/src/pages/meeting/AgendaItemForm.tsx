// An agenda item's fields, for adding one and for editing it: title, description, presenter, planned minutes, and the
// links to its documents, one per line.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";

export interface ItemFields {
  title: string;
  description: string;
  presenter: string;
  plannedMinutes: string;
  documents: string;
}

export const EMPTY_ITEM: ItemFields = { title: "", description: "", presenter: "", plannedMinutes: "", documents: "" };

/** The fields as the API takes them: empty texts as null, the links one per line. */
export function itemInput(fields: ItemFields) {
  const minutes = Number.parseInt(fields.plannedMinutes, 10);
  return {
    title: fields.title,
    description: fields.description.trim() || null,
    presenter: fields.presenter.trim() || null,
    plannedMinutes: Number.isNaN(minutes) ? null : minutes,
    documents: fields.documents
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

export function AgendaItemForm({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: ItemFields;
  submitLabel: string;
  onSubmit: (fields: ItemFields) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState(initial);
  const id = (key: string) => `${idPrefix}-${key}`;
  const set = (key: keyof ItemFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onSubmit(fields)) setFields(initial);
  }

  return (
    <form onSubmit={submit} className="row g-2 align-items-end">
      <div className="col-md-6">
        <label htmlFor={id("title")} className="form-label">
          {t("meetings.itemTitle")}
        </label>
        <input id={id("title")} className="form-control" required value={fields.title} onChange={(e) => set("title")(e.target.value)} />
      </div>
      <div className="col-md-4">
        <label htmlFor={id("presenter")} className="form-label">
          {t("meetings.presenter")}
        </label>
        <input id={id("presenter")} className="form-control" value={fields.presenter} onChange={(e) => set("presenter")(e.target.value)} />
      </div>
      <div className="col-md-2">
        <label htmlFor={id("minutes")} className="form-label">
          {t("meetings.plannedMinutes")}
        </label>
        <input id={id("minutes")} type="number" inputMode="numeric" min={1} max={600} step={1} className="form-control" value={fields.plannedMinutes} onChange={(e) => set("plannedMinutes")(e.target.value)} />
      </div>
      <div className="col-md-6">
        <label htmlFor={id("description")} className="form-label">
          {t("admin.description")}
        </label>
        <textarea id={id("description")} className="form-control" rows={2} value={fields.description} onChange={(e) => set("description")(e.target.value)} />
      </div>
      <div className="col-md-6">
        <label htmlFor={id("documents")} className="form-label">
          {t("meetings.documents")}
        </label>
        <textarea id={id("documents")} className="form-control" rows={2} aria-describedby={id("documents-help")} value={fields.documents} onChange={(e) => set("documents")(e.target.value)} />
        <div id={id("documents-help")} className="form-text">
          {t("meetings.documentsHelp")}
        </div>
      </div>
      <div className="col-12 d-flex gap-2 mb-3">
        <Button color="primary" type="submit" size="sm">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button color="secondary" outline type="button" size="sm" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
