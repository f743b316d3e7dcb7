// A course's fields, for a new course and for changing one: title, description, audience, places, enrolment
// deadline and the attendance that earns a certificate.
import { Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useFormErrors } from "../../components/FormErrors";
import type { ErrorLike } from "../../components/FieldError";
import type { CourseAudience, CourseFields } from "../../gql/graphql";
import { useI18n } from "../../i18n";

export interface CourseValues {
  title: string;
  description: string;
  audience: CourseAudience;
  places: string;
  deadline: string;
  share: string;
}

export const EMPTY_COURSE: CourseValues = { title: "", description: "", audience: "TABLE", places: "", deadline: "", share: "75" };

/** The form's values as the API takes them; the deadline is the end of the chosen day in the reader's zone. */
export function courseFields(values: CourseValues): CourseFields {
  return {
    title: values.title,
    description: values.description,
    audience: values.audience,
    places: values.places === "" ? null : Number(values.places),
    enrolmentDeadline: values.deadline === "" ? null : new Date(`${values.deadline}T23:59:59`).toISOString(),
    certificateShare: Number(values.share),
  };
}

export function CourseForm({
  prefix,
  initial,
  submitText,
  error,
  busy,
  onSubmit,
}: {
  prefix: string;
  initial: CourseValues;
  submitText: string;
  error?: ErrorLike;
  busy: boolean;
  /** Saves; resolves true when saved, so a new course's form empties. */
  onSubmit: (values: CourseValues) => Promise<boolean>;
}) {
  const { t, label } = useI18n();
  const [form, setForm] = useState(initial);
  const id = (name: string) => `${prefix}-${name}`;
  const errors = useFormErrors(error, {
    title: { id: id("title"), label: t("courses.name") },
    description: { id: id("description"), label: t("courses.description") },
    places: { id: id("places"), label: t("courses.places") },
    certificateShare: { id: id("share"), label: t("courses.share") },
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await onSubmit(form)) && initial === EMPTY_COURSE) setForm(EMPTY_COURSE);
  };
  return (
    <form onSubmit={submit} noValidate>
      {errors.summary}
      <Input id={id("title")} label={t("courses.name")} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} {...errors.field("title")} />
      <Input id={id("description")} type="textarea" label={t("courses.description")} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} {...errors.field("description")} />
      <div className="select-wrapper mb-4">
        <label htmlFor={id("audience")}>{t("courses.audience")}</label>
        <select id={id("audience")} value={form.audience} onChange={(e) => setForm({ ...form, audience: e.target.value as CourseAudience })}>
          {(["TABLE", "NETWORK"] as const).map((value) => (
            <option key={value} value={value}>
              {label(value)}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <div className="col-md-4">
          <NumberField id={id("places")} label={t("courses.places")} hint={t("courses.placesHint")} min={1} max={10000} value={form.places} onChange={(places) => setForm({ ...form, places })} state={errors.field("places")} />
        </div>
        <div className="col-md-4">
          <Input id={id("deadline")} type="date" label={t("courses.deadline")} value={form.deadline} onChange={(e) => setForm({ ...form, deadline: e.target.value })} />
        </div>
        <div className="col-md-4">
          <NumberField id={id("share")} label={t("courses.share")} min={1} max={100} value={form.share} onChange={(share) => setForm({ ...form, share })} state={errors.field("certificateShare")} />
        </div>
      </div>
      <Button color="primary" type="submit" disabled={busy}>
        {submitText}
      </Button>
    </form>
  );
}

/** A whole number with its label, hint and refusal: a plain input, since the kit's number input adds unlabelled buttons. */
function NumberField({
  id,
  label,
  hint,
  min,
  max,
  value,
  onChange,
  state,
}: {
  id: string;
  label: string;
  hint?: string;
  min: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
  state: ReturnType<ReturnType<typeof useFormErrors>["field"]>;
}) {
  const invalid = state.valid === false;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <input
        id={id}
        className={`form-control${invalid ? " is-invalid" : ""}`}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <small id={`${id}-hint`} className="form-text">
          {hint}
        </small>
      )}
      {invalid && <div className="invalid-feedback d-block">{state.validationText}</div>}
    </div>
  );
}
