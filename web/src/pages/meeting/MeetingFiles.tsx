// The files of one part of a meeting (an agenda item, the minutes or a decision): downloads for its readers, upload
// and removal for whoever runs the table.
import { useMutation } from "urql";
import { graphql } from "../../gql";
import type { MeetingFileTarget } from "../../gql/graphql";
import { Files, type FileRow } from "../../components/Files";

const RemoveMeetingFileDocument = graphql(`
  mutation RemoveMeetingFile($id: ID!) {
    removeMeetingFile(id: $id) {
      id
    }
  }
`);

export interface MeetingFileRow extends FileRow {
  target: MeetingFileTarget;
  targetId: string;
}

export function MeetingFiles({ meetingId, files, target, targetId, subject, editable, onChange }: { meetingId: string; files: MeetingFileRow[]; target: MeetingFileTarget; targetId: string; subject: string; editable: boolean; onChange: () => void }) {
  const [removed, remove] = useMutation(RemoveMeetingFileDocument);
  const own = files.filter((f) => f.target === target && f.targetId === targetId);
  if (!editable && own.length === 0) return null;
  const query = new URLSearchParams({ target: target.toLowerCase(), targetId });
  return (
    <Files
      id={`files-${target.toLowerCase()}-${targetId}`}
      files={own}
      editable={editable}
      uploadUrl={`/meetings/${meetingId}/files?${query.toString()}`}
      subject={subject}
      onRemove={(id) => remove({ id })}
      removeError={removed.error}
      onChange={onChange}
      compact
    />
  );
}
