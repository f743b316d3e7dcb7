// An element's indicators: each with its baseline, target, latest value and progress; values recorded on any version,
// indicators added, corrected and removed while the draft is open.
import { Button, Input } from "design-react-kit";
import { useState } from "react";
import { useMutation } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { Element } from "./element";

const AddIndicatorDocument = graphql(`
  mutation AddStrategyIndicator($elementId: ID!, $input: StrategyIndicatorInput!) {
    addStrategyIndicator(elementId: $elementId, input: $input)
  }
`);
const RecordValueDocument = graphql(`
  mutation RecordIndicatorValue($indicatorId: ID!, $value: Float!) {
    recordIndicatorValue(indicatorId: $indicatorId, value: $value)
  }
`);
const UpdateIndicatorDocument = graphql(`
  mutation UpdateStrategyIndicator($id: ID!, $input: StrategyIndicatorInput!) {
    updateStrategyIndicator(id: $id, input: $input)
  }
`);
const RemoveIndicatorDocument = graphql(`
  mutation RemoveStrategyIndicator($id: ID!) {
    removeStrategyIndicator(id: $id)
  }
`);

/** A number input with its label (design-react-kit's number input adds unlabelled step buttons). */
export function NumberField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <input id={id} type="number" step="any" className="form-control" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

interface IndicatorDraft {
  name: string;
  unit: string;
  baseline: string;
  target: string;
}

const EMPTY_INDICATOR: IndicatorDraft = { name: "", unit: "", baseline: "0", target: "" };

function indicatorInput(draft: IndicatorDraft) {
  return { name: draft.name, unit: draft.unit, baseline: Number(draft.baseline), target: Number(draft.target) };
}

/** An indicator's name, unit, baseline and target, for adding one and for correcting it. */
function IndicatorForm({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: IndicatorDraft;
  submitLabel: string;
  onSubmit: (draft: IndicatorDraft) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  return (
    <form
      className="row g-2 align-items-end"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onSubmit(draft)) setDraft(initial);
      }}
    >
      <div className="col-md-4">
        <Input id={`${idPrefix}-name`} label={t("strategy.indicatorName")} value={draft.name} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} />
      </div>
      <div className="col-md-2">
        <Input id={`${idPrefix}-unit`} label={t("strategy.unit")} value={draft.unit} onChange={(e) => setDraft((d) => ({ ...d, unit: e.target.value }))} />
      </div>
      <div className="col-md-2">
        <NumberField id={`${idPrefix}-baseline`} label={t("strategy.baseline")} value={draft.baseline} onChange={(baseline) => setDraft((d) => ({ ...d, baseline }))} />
      </div>
      <div className="col-md-2">
        <NumberField id={`${idPrefix}-target`} label={t("strategy.target")} value={draft.target} onChange={(target) => setDraft((d) => ({ ...d, target }))} />
      </div>
      <div className="col-md-2 mb-3 d-flex gap-1">
        <Button size="sm" color="primary" outline type="submit">
          {submitLabel}
        </Button>
        <Button size="sm" color="secondary" outline type="button" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function Indicators({ element, recording, editing, onChange }: { element: Element; recording: boolean; editing: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [added, addIndicator] = useMutation(AddIndicatorDocument);
  const [recorded, record] = useMutation(RecordValueDocument);
  const [values, setValues] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState(false);
  const [changing, setChanging] = useState<string | null>(null);
  const [updated, update] = useMutation(UpdateIndicatorDocument);
  const [removed, remove] = useMutation(RemoveIndicatorDocument);
  if (element.indicators.length === 0 && !editing) return null;
  return (
    <div className="ms-3 mb-2">
      <h5 className="h6 mb-1">{t("strategy.indicators")}</h5>
      <FieldError error={recorded.error ?? added.error ?? updated.error ?? removed.error} />
      <ul className="list-unstyled">
        {element.indicators.map((i) => (
          <li key={i.id} className="mb-2">
            {changing === i.id ? (
              <IndicatorForm
                idPrefix={`edit-indicator-${i.id}`}
                initial={{ name: i.name, unit: i.unit, baseline: String(i.baseline), target: String(i.target) }}
                submitLabel={t("common.save")}
                onCancel={() => setChanging(null)}
                onSubmit={async (draft) => {
                  const result = await update({ id: i.id, input: indicatorInput(draft) });
                  if (!result.error) {
                    setChanging(null);
                    onChange();
                  }
                  return !result.error;
                }}
              />
            ) : (
              <>
            {i.name}: {i.current ?? "—"} / {i.target} {i.unit} ({t("strategy.baseline")} {i.baseline})
            {editing && (
              <span className="ms-2 d-inline-flex gap-1">
                <Button size="xs" color="primary" outline aria-label={`${t("admin.edit")}: ${i.name}`} onClick={() => setChanging(i.id)}>
                  {t("admin.edit")}
                </Button>
                <ConfirmButton
                  text={t("strategy.removeIndicator")}
                  name={i.name}
                  question={t("strategy.confirmRemoveIndicator").replace("{name}", i.name)}
                  run={() => remove({ id: i.id })}
                  onDone={onChange}
                />
              </span>
            )}
            <div className="progress" style={{ height: "0.5rem", maxWidth: "20rem" }} role="progressbar" aria-label={i.name} aria-valuenow={Math.round((i.ratio ?? 0) * 100)} aria-valuemin={0} aria-valuemax={100}>
              <div className="progress-bar" style={{ width: `${Math.round((i.ratio ?? 0) * 100)}%` }} />
            </div>
            {recording && (
              <form
                className="d-flex flex-wrap gap-2 align-items-end mt-1"
                onSubmit={async (e) => {
                  e.preventDefault();
                  const result = await record({ indicatorId: i.id, value: Number(values[i.id]) });
                  if (!result.error) onChange();
                }}
              >
                <NumberField id={`value-${i.id}`} label={`${t("strategy.newValue")} (${i.name})`} value={values[i.id] ?? ""} onChange={(value) => setValues((v) => ({ ...v, [i.id]: value }))} />
                <Button size="sm" color="primary" outline type="submit">
                  {t("strategy.record")}
                </Button>
              </form>
            )}
              </>
            )}
          </li>
        ))}
      </ul>
      {editing && !adding && (
        <Button size="xs" color="primary" outline onClick={() => setAdding(true)} aria-label={`${t("strategy.addIndicator")} ${element.code}`}>
          {t("strategy.addIndicator")}
        </Button>
      )}
      {editing && adding && (
        <IndicatorForm
          idPrefix={`indicator-${element.id}`}
          initial={EMPTY_INDICATOR}
          submitLabel={t("strategy.addIndicator")}
          onCancel={() => setAdding(false)}
          onSubmit={async (draft) => {
            const result = await addIndicator({ elementId: element.id, input: indicatorInput(draft) });
            if (!result.error) {
              setAdding(false);
              onChange();
            }
            return !result.error;
          }}
        />
      )}
    </div>
  );
}

