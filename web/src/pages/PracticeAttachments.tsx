// A practice's files: the list with downloads for readers, upload and removal for whoever may edit the practice.
import { Alert, Button } from "design-react-kit";
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { FieldError, useErrorWords } from "../components/FieldError";

const AttachmentRulesDocument = graphql(`
  query AttachmentRules {
    attachmentRules {
      maxBytes
      accepted
    }
  }
`);

const RemoveAttachmentDocument = graphql(`
  mutation RemovePracticeAttachment($id: ID!) {
    removePracticeAttachment(id: $id) {
      id
    }
  }
`);

export interface AttachmentRow {
  id: string;
  fileName: string;
  sizeBytes: number;
  url: string;
}

function size(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format.format(bytes / 1024)} KB`;
  return `${format.format(bytes / (1024 * 1024))} MB`;
}

type UploadError = { message: string; extensions?: Record<string, unknown> };

/** Sends the file as the upload endpoint expects; resolves to the server's error, or null when stored. */
async function upload(practiceId: string, file: File): Promise<UploadError | null> {
  const body = new FormData();
  body.append("file", file, file.name);
  const response = await fetch(`/practices/${practiceId}/attachments`, { method: "POST", body, credentials: "same-origin" });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { errors?: UploadError[] } | null;
  return answer?.errors?.[0] ?? { message: response.statusText };
}

export function PracticeAttachments({ practiceId, attachments, editable, onChange }: { practiceId: string; attachments: AttachmentRow[]; editable: boolean; onChange: () => void }) {
  const { t, locale } = useI18n();
  const [{ data: rules }] = useQuery({ query: AttachmentRulesDocument, pause: !editable });
  const [removed, remove] = useMutation(RemoveAttachmentDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const words = useErrorWords();
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setSending(true);
    const problem = await upload(practiceId, file);
    setSending(false);
    setFailure(problem && words(problem));
    if (problem) return;
    if (input.current) input.current.value = "";
    onChange();
  }
  async function drop(id: string) {
    const result = await remove({ id });
    if (!result.error) onChange();
  }
  if (!editable && attachments.length === 0) return null;
  return (
    <section className="mb-4">
      <h2 className="h4">{t("practices.attachments")}</h2>
      {attachments.length === 0 && <p>{t("practices.noAttachments")}</p>}
      <ul className="list-unstyled">
        {attachments.map((a) => (
          <li key={a.id} className="d-flex align-items-center gap-2 mb-1">
            <a href={a.url} download>
              {a.fileName}
            </a>
            <span className="small text-muted">({size(a.sizeBytes, locale)})</span>
            {editable && (
              <Button size="xs" color="danger" outline onClick={() => void drop(a.id)} aria-label={`${t("practices.removeAttachment")} ${a.fileName}`}>
                {t("practices.removeAttachment")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <FieldError error={removed.error} />
      {editable && (
        <form onSubmit={submit} className="mt-2">
          {failure && (
            <Alert color="danger" role="alert">
              {failure}
            </Alert>
          )}
          <label htmlFor="practice-attachment" className="form-label">
            {t("practices.attach")}
          </label>
          <input id="practice-attachment" ref={input} type="file" className="form-control mb-1" accept={rules?.attachmentRules.accepted.map((e) => `.${e}`).join(",")} aria-describedby="attachment-rules" />
          {rules && (
            <p id="attachment-rules" className="small text-muted">
              {t("practices.attachmentLimit")} {size(rules.attachmentRules.maxBytes, locale)} · {t("practices.attachmentTypes")} {rules.attachmentRules.accepted.join(", ")}
            </p>
          )}
          <Button color="primary" size="sm" type="submit" disabled={sending}>
            {t("practices.upload")}
          </Button>
        </form>
      )}
    </section>
  );
}
