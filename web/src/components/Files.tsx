// A list of stored files with their downloads, and for whoever may change them an upload (multipart to `uploadUrl`,
// refused files explained in the reader's language) and removal: practices' attachments and meetings' files alike.
import { Alert, Button } from "design-react-kit";
import { useRef, useState } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { FieldError, useErrorWords, type ErrorLike } from "./FieldError";

const FileRulesDocument = graphql(`
  query AttachmentRules {
    attachmentRules {
      maxBytes
      accepted
    }
  }
`);

export interface FileRow {
  id: string;
  fileName: string;
  sizeBytes: number;
  url: string;
}

type UploadError = { message: string; extensions?: Record<string, unknown> };

function size(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format.format(bytes / 1024)} KB`;
  return `${format.format(bytes / (1024 * 1024))} MB`;
}

/** Sends the file as the upload endpoints expect; resolves to the server's error, or null when stored. */
async function upload(url: string, file: File): Promise<UploadError | null> {
  const body = new FormData();
  body.append("file", file, file.name);
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { errors?: UploadError[] } | null;
  return answer?.errors?.[0] ?? { message: response.statusText };
}

interface Props {
  /** Unique on the page: the file input's id derives from it. */
  id: string;
  files: FileRow[];
  editable: boolean;
  uploadUrl: string;
  /** What the files belong to, naming the upload field ("Allega un file: Monitoraggio"). */
  subject?: string;
  onRemove: (id: string) => Promise<{ error?: ErrorLike }>;
  removeError?: ErrorLike;
  onChange: () => void;
  /** The upload stays behind a small button until asked for (lists repeated down a page, like an agenda's). */
  compact?: boolean;
}

export function Files({ id, files, editable, uploadUrl, subject, onRemove, removeError, onChange, compact = false }: Props) {
  const [open, setOpen] = useState(!compact);
  const { t, locale } = useI18n();
  const [{ data: rules }] = useQuery({ query: FileRulesDocument, pause: !editable });
  const [failure, setFailure] = useState<string | null>(null);
  const words = useErrorWords();
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // A button, not a form: the list also sits inside other forms (the minutes editor), where forms cannot nest.
  async function submit() {
    const file = input.current?.files?.[0];
    if (!file) return;
    setSending(true);
    const problem = await upload(uploadUrl, file);
    setSending(false);
    setFailure(problem && words(problem));
    if (problem) return;
    if (input.current) input.current.value = "";
    onChange();
  }
  async function drop(fileId: string) {
    const result = await onRemove(fileId);
    if (!result.error) onChange();
  }
  const label = subject ? `${t("practices.attach")}: ${subject}` : t("practices.attach");
  return (
    <>
      {files.length > 0 && (
        <ul className="list-unstyled">
          {files.map((f) => (
            <li key={f.id} className="d-flex flex-wrap align-items-center gap-2 mb-1">
              <a href={f.url} download>
                {f.fileName}
              </a>
              <span className="small text-muted">({size(f.sizeBytes, locale)})</span>
              {editable && (
                <Button size="xs" color="danger" outline onClick={() => void drop(f.id)} aria-label={`${t("practices.removeAttachment")} ${f.fileName}`}>
                  {t("practices.removeAttachment")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FieldError error={removeError} />
      {editable && !open && (
        <Button size="xs" color="primary" outline className="mt-1" aria-expanded={false} aria-label={subject ? `${t("practices.attach")}: ${subject}` : undefined} onClick={() => setOpen(true)}>
          {t("practices.attach")}
        </Button>
      )}
      {editable && open && (
        <div className="mt-2">
          {failure && (
            <Alert color="danger" role="alert">
              {failure}
            </Alert>
          )}
          <label htmlFor={`${id}-file`} className="form-label">
            {label}
          </label>
          <input id={`${id}-file`} ref={input} type="file" className="form-control mb-1" accept={rules?.attachmentRules.accepted.map((e) => `.${e}`).join(",")} aria-describedby={`${id}-rules`} />
          {rules && (
            <p id={`${id}-rules`} className="small text-muted">
              {t("practices.attachmentLimit")} {size(rules.attachmentRules.maxBytes, locale)} · {t("practices.attachmentTypes")} {rules.attachmentRules.accepted.join(", ")}
            </p>
          )}
          <Button color="primary" size="sm" type="button" onClick={() => void submit()} disabled={sending} aria-label={subject ? `${t("practices.upload")}: ${subject}` : undefined}>
            {t("practices.upload")}
          </Button>
        </div>
      )}
    </>
  );
}
