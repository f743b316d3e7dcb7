// Form pieces the administration's forms share: a labelled select, and the submit and cancel buttons.
import { Button } from "design-react-kit";
import { useI18n } from "../../i18n";

export interface Choice {
  value: string;
  label: string;
}

/** A labelled `<select>` in a grid column; `empty` adds a first choice with the empty value. */
export function SelectField({
  id,
  label,
  value,
  choices,
  empty,
  required = false,
  column = "col-md-4",
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  choices: Choice[];
  empty?: string;
  required?: boolean;
  column?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className={column}>
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <select id={id} className="form-select" required={required} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Records as choices, by id and name. */
export function named(records: { id: string; name: string }[]): Choice[] {
  return records.map((record) => ({ value: record.id, label: record.name }));
}

/** Enum values as choices, labelled in the reader's language. */
export function useLabelled(): (values: readonly string[]) => Choice[] {
  const { label } = useI18n();
  return (values) => values.map((value) => ({ value, label: label(value) }));
}

/** A form's submit button, and a cancel button when the form can be left. */
export function FormActions({ busy, submitLabel, onCancel }: { busy: boolean; submitLabel: string; onCancel?: () => void }) {
  const { t } = useI18n();
  return (
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
  );
}
