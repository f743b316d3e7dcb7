// The repeat of a new meeting: none, weekly on some weekdays, or monthly, until a date or for a number of meetings.
import { Input } from "design-react-kit";
import type { RecurrenceFields, RecurrencePattern, Weekday } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { FormErrors } from "../../components/FormErrors";

export type RepeatState = {
  pattern: RecurrencePattern | "";
  interval: string;
  weekdays: Weekday[];
  endsBy: "until" | "count";
  until: string;
  count: string;
};

export const NO_REPEAT: RepeatState = { pattern: "", interval: "1", weekdays: [], endsBy: "count", until: "", count: "6" };

const PATTERNS: RecurrencePattern[] = ["WEEKLY", "MONTHLY_ON_DAY", "MONTHLY_ON_WEEKDAY", "MONTHLY_ON_LAST_WEEKDAY"];
const WEEKDAYS: Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** What the form sends; the first meeting's own weekday is always one of a weekly series' days. */
export function recurrenceOf(repeat: RepeatState, start: string): RecurrenceFields | null {
  if (!repeat.pattern) return null;
  const own = start ? WEEKDAYS[(new Date(`${start.slice(0, 10)}T12:00:00`).getDay() + 6) % 7] : undefined;
  const weekdays = repeat.pattern === "WEEKLY" ? [...new Set([...(own ? [own] : []), ...repeat.weekdays])] : [];
  return {
    pattern: repeat.pattern,
    interval: Number(repeat.interval) || 1,
    weekdays,
    until: repeat.endsBy === "until" ? repeat.until : null,
    count: repeat.endsBy === "count" ? Number(repeat.count) : null,
  };
}

export function Repeat({ repeat, onChange, errors }: { repeat: RepeatState; onChange: (next: RepeatState) => void; errors: FormErrors }) {
  const { t, label } = useI18n();
  const set = (patch: Partial<RepeatState>) => onChange({ ...repeat, ...patch });
  return (
    <fieldset className="mb-3">
      <legend className="h6">{t("series.repeat")}</legend>
      <div className="select-wrapper mb-3">
        <label htmlFor="repeat-pattern">{t("series.repeat")}</label>
        <select id="repeat-pattern" value={repeat.pattern} onChange={(e) => set({ pattern: e.target.value as RecurrencePattern | "" })}>
          <option value="">{t("series.repeatNone")}</option>
          {PATTERNS.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
      </div>
      {repeat.pattern && (
        <>
          <p className="small">{t("series.repeatHint")}</p>
          <NumberField id="repeat-interval" max={12} label={t("series.interval")} value={repeat.interval} onChange={(interval) => set({ interval })} error={errors.field("recurrence.interval")} />
          {repeat.pattern === "WEEKLY" && (
            <fieldset className="mb-3">
              <legend className="h6 small">{t("series.weekdays")}</legend>
              {WEEKDAYS.map((day) => (
                <div className="form-check form-check-inline" key={day}>
                  <input
                    id={`repeat-${day}`}
                    className="form-check-input"
                    type="checkbox"
                    checked={repeat.weekdays.includes(day)}
                    onChange={() => set({ weekdays: repeat.weekdays.includes(day) ? repeat.weekdays.filter((d) => d !== day) : [...repeat.weekdays, day] })}
                  />
                  <label className="form-check-label" htmlFor={`repeat-${day}`}>
                    {label(day)}
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <fieldset className="mb-3">
            <legend className="h6 small">{t("series.endsBy")}</legend>
            {(["count", "until"] as const).map((kind) => (
              <div className="form-check form-check-inline" key={kind}>
                <input id={`repeat-ends-${kind}`} className="form-check-input" type="radio" name="repeat-ends" checked={repeat.endsBy === kind} onChange={() => set({ endsBy: kind })} />
                <label className="form-check-label" htmlFor={`repeat-ends-${kind}`}>
                  {kind === "count" ? t("series.endsAfter") : t("series.endsOn")}
                </label>
              </div>
            ))}
          </fieldset>
          {repeat.endsBy === "count" ? (
            <NumberField id="repeat-count" max={500} label={t("series.count")} value={repeat.count} onChange={(count) => set({ count })} error={errors.field("recurrence.count")} />
          ) : (
            <Input id="repeat-until" type="date" label={t("series.until")} value={repeat.until} onChange={(e) => set({ until: e.target.value })} {...errors.field("recurrence.until")} />
          )}
        </>
      )}
    </fieldset>
  );
}

/** A whole number from 1 to `max`: a plain input, since the kit's number field adds stepper buttons without names. */
function NumberField({ id, label, max, value, onChange, error }: { id: string; label: string; max: number; value: string; onChange: (next: string) => void; error: ReturnType<FormErrors["field"]> }) {
  const invalid = error.valid === false;
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        className={invalid ? "form-control is-invalid" : "form-control"}
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        step={1}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {invalid && (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error.validationText}
        </div>
      )}
    </div>
  );
}
