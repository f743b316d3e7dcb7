// A practice's files: the list with downloads for readers, upload and removal for whoever may edit the practice.
import { useMutation } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { Files, type FileRow } from "../components/Files";

const RemoveAttachmentDocument = graphql(`
  mutation RemovePracticeAttachment($id: ID!) {
    removePracticeAttachment(id: $id) {
      id
    }
  }
`);

export type AttachmentRow = FileRow;

export function PracticeAttachments({ practiceId, attachments, editable, onChange }: { practiceId: string; attachments: AttachmentRow[]; editable: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [removed, remove] = useMutation(RemoveAttachmentDocument);
  if (!editable && attachments.length === 0) return null;
  return (
    <section className="mb-4">
      <h2 className="h4">{t("practices.attachments")}</h2>
      {attachments.length === 0 && <p>{t("practices.noAttachments")}</p>}
      <Files id="practice-attachment" files={attachments} editable={editable} uploadUrl={`/practices/${practiceId}/attachments`} onRemove={(id) => remove({ id })} removeError={removed.error} onChange={onChange} />
    </section>
  );
}
