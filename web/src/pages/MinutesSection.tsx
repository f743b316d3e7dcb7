// The minutes of a held meeting: notes per item with preview, decisions, action items, review comments, approval, errata, revisions with comparison, and export.
import { Badge, Button, Input, TextArea } from "design-react-kit";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { LinkedStrategy } from "../components/LinkedStrategy";
import { useMutation, useQuery } from "urql";
import { useLive } from "../components/useLive";
import { OthersEditing, useEditingHeartbeat } from "./meeting/EditingNow";
import { MeetingChangesDocument } from "./meeting/live";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import type { MinutesQuery } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { MeetingData } from "./meeting/MeetingPage";
import { FieldError } from "../components/FieldError";
import { DecisionForm, EMPTY_DECISION, decisionInput } from "./meeting/DecisionForm";
import { useUnsavedWarning } from "../components/unsaved";
import { useSession } from "../session";
import { ActionItems } from "./meeting/ActionItems";
import { ReviewComments } from "./meeting/ReviewComments";
import { MergeView } from "./meeting/MergeView";
import { MeetingFiles, type MeetingFileRow } from "./meeting/MeetingFiles";
import { DiffView } from "../components/DiffView";

const MinutesDocument = graphql(`
  query Minutes($id: ID!) {
    meeting(id: $id) {
      id
      files {
        id
        target
        targetId
        fileName
        sizeBytes
        url
      }
      minutes {
        id
        status
        version
        approvalMethod
        approvalNote
        notes {
          agendaItemId
          body
          html
        }
        decisions {
          id
          agendaItemId
          text
          outcome
          votesFor
          votesAgainst
          votesAbstained
          strategyElements {
            tableId
            code
            title
          }
          approvedStrategyVersions {
            number
            tableId
          }
        }
        actionItems {
          id
          title
          status
          dueDate
          decisionId
          assigneePerson {
            id
            name
          }
          assigneeOrganization {
            name
          }
        }
        comments {
          id
          body
          parentId
          agendaItemId
          createdAt
          handled
          author {
            name
          }
          handledBy {
            name
          }
        }
        revisions {
          number
          kind
          reason
        }
      }
    }
  }
`);

const SaveDocument = graphql(`
  mutation SaveMinutes($meetingId: ID!, $notes: [NoteInput!]!, $version: Int!) {
    saveMinutes(meetingId: $meetingId, notes: $notes, expectedVersion: $version) {
      id
      version
    }
  }
`);
const ReviewDocument = graphql(`
  mutation SendMinutesForReview($meetingId: ID!, $version: Int!) {
    sendMinutesForReview(meetingId: $meetingId, expectedVersion: $version) {
      id
      status
    }
  }
`);
const ApproveDocument = graphql(`
  mutation ApproveMinutes($meetingId: ID!, $method: ApprovalMethod!, $note: String, $version: Int!) {
    approveMinutes(meetingId: $meetingId, method: $method, note: $note, expectedVersion: $version) {
      id
      status
    }
  }
`);
const ErratumDocument = graphql(`
  mutation AddMinutesErratum($meetingId: ID!, $notes: [NoteInput!]!, $reason: String!, $version: Int!) {
    addMinutesErratum(meetingId: $meetingId, notes: $notes, reason: $reason, expectedVersion: $version) {
      id
      version
    }
  }
`);
const DecisionDocument = graphql(`
  mutation AddDecision($agendaItemId: ID!, $input: DecisionFields!) {
    addDecision(agendaItemId: $agendaItemId, input: $input) {
      id
    }
  }
`);
const UpdateDecisionDocument = graphql(`
  mutation UpdateDecision($id: ID!, $input: DecisionFields!) {
    updateDecision(id: $id, input: $input) {
      id
    }
  }
`);
const DiffDocument = graphql(`
  query MinutesDiff($meetingId: ID!, $from: Int!, $to: Int!) {
    minutesDiff(meetingId: $meetingId, from: $from, to: $to) {
      change
      text
    }
  }
`);

type MinutesData = NonNullable<NonNullable<MinutesQuery["meeting"]>["minutes"]>;

interface Props {
  meetingId: string;
  agenda: MeetingData["agenda"];
  invitations: MeetingData["invitations"];
  runs: boolean;
  chairs: boolean;
}

export function MinutesSection({ meetingId, agenda, invitations, runs, chairs }: Props) {
  const { t, label, locale } = useI18n();
  const { me } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MinutesDocument, variables: { id: meetingId } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  // Minutes saved, commented or approved by someone else: read them again (untouched items only are replaced).
  useLive(MeetingChangesDocument, { meetingId }, (event) => {
    if (event.meetingChanges.action !== "editing") reload();
  });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  const minutes = data?.meeting?.minutes;
  return (
    <section className="mb-5" aria-labelledby="minutes-heading">
      <h2 className="h3" id="minutes-heading">
        {t("minutes.title")} {minutes && <Badge color={minutes.status === "APPROVED" ? "success" : "secondary"}>{label(minutes.status)}</Badge>}
      </h2>
      {!minutes ? (
        <p>{t("minutes.hidden")}</p>
      ) : (
        <>
          <p className="d-flex gap-3">
            <a href={`/meetings/${meetingId}/minutes.html?lang=${locale}`} target="_blank" rel="noopener">
              {t("minutes.exportHtml")}
            </a>
            <a href={`/meetings/${meetingId}/minutes.md?lang=${locale}`} target="_blank" rel="noopener">
              {t("minutes.exportMd")}
            </a>
          </p>
          <OthersEditing meetingId={meetingId} invitations={invitations} />
          <Editor meetingId={meetingId} minutes={minutes} files={data?.meeting?.files ?? []} agenda={agenda} runs={runs} onChange={reload} />
          <section className="mb-4" aria-labelledby="minutes-files-heading">
            <h3 className="h5" id="minutes-files-heading">
              {t("minutes.files")}
            </h3>
            <MeetingFiles meetingId={meetingId} files={data?.meeting?.files ?? []} target="MINUTES" targetId={meetingId} subject={t("minutes.title")} editable={runs && minutes.status !== "APPROVED"} onChange={reload} />
          </section>
          <ActionItems
            meetingId={meetingId}
            items={minutes.actionItems}
            decisions={minutes.decisions}
            people={invitations.flatMap((i) => (i.person ? [i.person] : []))}
            editable={runs && minutes.status !== "APPROVED"}
            runs={runs}
            meId={me?.id}
            onChange={reload}
          />
          <Workflow meetingId={meetingId} minutes={minutes} runs={runs} chairs={chairs} onChange={reload} />
          {minutes.status === "IN_REVIEW" && <ReviewComments meetingId={meetingId} comments={minutes.comments} agenda={agenda} handles={runs || chairs} onChange={reload} />}
          <Revisions meetingId={meetingId} minutes={minutes} />
        </>
      )}
    </section>
  );
}

function Editor({ meetingId, minutes, files, agenda, runs, onChange }: { minutes: MinutesData; files: MeetingFileRow[]; onChange: () => void } & Omit<Props, "chairs" | "invitations">) {
  const { t } = useI18n();
  const editable = runs && minutes.status !== "APPROVED";
  const erratum = runs && minutes.status === "APPROVED";
  const stored = () => Object.fromEntries(agenda.map((item) => [item.id, minutes.notes.find((n) => n.agendaItemId === item.id)?.body ?? ""]));
  // `base` is the text as last loaded; `notes` what the person sees. A reload (after recording a decision, or a
  // save refused because someone else saved first) replaces only the items the person has not touched; an item
  // both changed becomes a conflict, shown side by side until the person merges it. Nothing typed is lost.
  const [base, setBase] = useState<Record<string, string>>(stored);
  const [notes, setNotes] = useState<Record<string, string>>(stored);
  const [conflicts, setConflicts] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState(!editable);
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState(false);
  const [save, runSave] = useMutation(SaveDocument);
  const [fix, runFix] = useMutation(ErratumDocument);
  useEffect(() => {
    const fresh = stored();
    const touched = (id: string) => notes[id] !== undefined && notes[id] !== base[id];
    const clashes = Object.keys(fresh).filter((id) => touched(id) && fresh[id] !== base[id] && fresh[id] !== notes[id]);
    setNotes(Object.fromEntries(Object.entries(fresh).map(([id, text]) => [id, touched(id) ? notes[id] : text])));
    setConflicts((current) => ({ ...current, ...Object.fromEntries(clashes.map((id) => [id, fresh[id]])) }));
    setBase(fresh);
  }, [minutes.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = Object.keys(conflicts);
  const dirty = Object.keys(notes).some((id) => notes[id] !== base[id]);
  useUnsavedWarning(dirty);
  useEditingHeartbeat(meetingId, dirty);
  const payload = () => Object.entries(notes).map(([agendaItemId, body]) => ({ agendaItemId, body }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = erratum
      ? await runFix({ meetingId, notes: payload(), reason, version: minutes.version })
      : await runSave({ meetingId, notes: payload(), version: minutes.version });
    setSaved(!result.error);
    if (!result.error) {
      setBase(notes);
      setConflicts({});
    }
    onChange();
  }
  return (
    <form onSubmit={submit} className="mb-4">
      {(editable || erratum) && (
        <Button size="sm" color="primary" outline className="mb-3" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? t("minutes.edit") : t("minutes.preview")}
        </Button>
      )}
      {agenda.map((item, index) => (
        <div key={item.id} className="mb-4">
          <h3 className="h5">
            {index + 1}. {item.title}
          </h3>
          {conflicts[item.id] !== undefined && (editable || erratum) ? (
            <MergeView
              id={`notes-${item.id}`}
              label={item.title}
              mine={notes[item.id] ?? ""}
              theirs={conflicts[item.id]}
              onEdit={(text) => setNotes((n) => ({ ...n, [item.id]: text }))}
              onResolve={() => setConflicts(({ [item.id]: _, ...rest }) => rest)}
            />
          ) : preview || !(editable || erratum) ? (
            <div dangerouslySetInnerHTML={{ __html: minutes.notes.find((n) => n.agendaItemId === item.id)?.html ?? "" }} />
          ) : (
            <TextArea id={`notes-${item.id}`} label={`${t("minutes.notes")}: ${item.title}`} rows={5} value={notes[item.id] ?? ""} onChange={(e) => setNotes((n) => ({ ...n, [item.id]: e.target.value }))} />
          )}
          <ul className="list-unstyled">
            {minutes.decisions
              .filter((d) => d.agendaItemId === item.id)
              .map((decision) => (
                <DecisionEntry key={decision.id} meetingId={meetingId} files={files} decision={decision} editable={editable} onChange={onChange} />
              ))}
          </ul>
          {editable && <NewDecision agendaItemId={item.id} onChange={onChange} />}
        </div>
      ))}
      {saved && <p role="status">{t("minutes.saved")}</p>}
      {open.length > 0 ? (
        <div className="alert alert-warning" role="alert">
          {t("minutes.conflictHelp")}
        </div>
      ) : (
        <FieldError error={save.error ?? fix.error} />
      )}
      {erratum && <Input id="erratum-reason" label={t("minutes.erratumReason")} value={reason} onChange={(e) => setReason(e.target.value)} />}
      {(editable || erratum) && (
        <Button color="primary" type="submit" disabled={open.length > 0}>
          {erratum ? t("minutes.erratum") : t("minutes.save")}
        </Button>
      )}
    </form>
  );
}

function NewDecision({ agendaItemId, onChange }: { agendaItemId: string; onChange: () => void }) {
  const { t } = useI18n();
  const [{ error }, add] = useMutation(DecisionDocument);
  return (
    <>
      <FieldError error={error} />
      <DecisionForm
        idPrefix={`decision-${agendaItemId}`}
        initial={EMPTY_DECISION}
        submitLabel={t("minutes.addDecision")}
        onSubmit={async (values) => {
          const result = await add({ agendaItemId, input: decisionInput(values) });
          onChange();
          return !result.error;
        }}
      />
    </>
  );
}

/** A recorded decision, with its correction for whoever writes the minutes while they are open. */
function DecisionEntry({ meetingId, files, decision, editable, onChange }: { meetingId: string; files: MeetingFileRow[]; decision: MinutesData["decisions"][number]; editable: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [editing, setEditing] = useState(false);
  const [{ error }, update] = useMutation(UpdateDecisionDocument);
  if (editing) {
    return (
      <li>
        <FieldError error={error} />
        <DecisionForm
          idPrefix={`edit-decision-${decision.id}`}
          initial={{
            text: decision.text,
            outcome: decision.outcome,
            votesFor: decision.votesFor?.toString() ?? "",
            votesAgainst: decision.votesAgainst?.toString() ?? "",
            votesAbstained: decision.votesAbstained?.toString() ?? "",
          }}
          submitLabel={t("common.save")}
          onCancel={() => setEditing(false)}
          onSubmit={async (values) => {
            const result = await update({ id: decision.id, input: decisionInput(values) });
            if (!result.error) {
              setEditing(false);
              onChange();
            }
            return !result.error;
          }}
        />
      </li>
    );
  }
  return (
    <li>
      <Badge color="primary">{label(decision.outcome)}</Badge> {decision.text}
      {decision.votesFor != null && (
        <span className="small text-muted">
          {" "}
          ({t("minutes.votesFor")} {decision.votesFor}, {t("minutes.votesAgainst")} {decision.votesAgainst ?? 0}, {t("minutes.votesAbstained")} {decision.votesAbstained ?? 0})
        </span>
      )}
      {editable && (
        <Button size="xs" color="primary" outline className="ms-2" aria-label={`${t("admin.edit")}: ${decision.text}`} onClick={() => setEditing(true)}>
          {t("admin.edit")}
        </Button>
      )}
      {decision.approvedStrategyVersions.map((v) => (
        <div key={v.number} className="small">
          {t("strategy.approvesVersion")}{" "}
          <Link to={`/tables/${v.tableId}/strategy`}>
            {t("strategy.version")} {v.number}
          </Link>
        </div>
      ))}
      <LinkedStrategy elements={decision.strategyElements} />
      <MeetingFiles meetingId={meetingId} files={files} target="DECISION" targetId={decision.id} subject={decision.text.slice(0, 60)} editable={editable} onChange={onChange} />
    </li>
  );
}

function Workflow({ meetingId, minutes, runs, chairs, onChange }: { meetingId: string; minutes: MinutesData; runs: boolean; chairs: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [review, runReview] = useMutation(ReviewDocument);
  const [approve, runApprove] = useMutation(ApproveDocument);
  const [method, setMethod] = useState<"LATER_MEETING" | "WRITTEN_PROCEDURE">("LATER_MEETING");
  const [note, setNote] = useState("");
  const after = async (promise: Promise<unknown>) => {
    await promise;
    onChange();
  };
  return (
    <section className="mb-4">
      <FieldError error={review.error ?? approve.error} />
      {runs && minutes.status === "DRAFT" && (
        <Button color="primary" onClick={() => after(runReview({ meetingId, version: minutes.version }))}>
          {t("minutes.sendForReview")}
        </Button>
      )}
      {chairs && minutes.status === "IN_REVIEW" && (
        <div className="mt-2 col-md-8">
          <TextArea id="approval-note" label={t("minutes.approvalNote")} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      )}
      {chairs && minutes.status === "IN_REVIEW" && (
        <div className="d-flex flex-wrap gap-2 align-items-center mt-3">
          <select className="form-select w-auto" aria-label={t("minutes.approvalMethod")} value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {(["LATER_MEETING", "WRITTEN_PROCEDURE"] as const).map((m) => (
              <option key={m} value={m}>
                {label(m)}
              </option>
            ))}
          </select>
          <Button
            color="success"
            onClick={() => {
              const open = minutes.comments.filter((c) => !c.parentId && !c.handled).length;
              const question = open > 0 ? t("minutes.approveWithOpen").replace("{count}", String(open)) : t("minutes.approveConfirm");
              if (window.confirm(question)) void after(runApprove({ meetingId, method, note: note.trim() || null, version: minutes.version }));
            }}
          >
            {t("minutes.approve")}
          </Button>
        </div>
      )}
      {minutes.status === "APPROVED" && minutes.approvalMethod && <p>{label(minutes.approvalMethod)}</p>}
      {minutes.status === "APPROVED" && minutes.approvalNote && <p data-testid="approval-note">{minutes.approvalNote}</p>}
    </section>
  );
}

function Revisions({ meetingId, minutes }: { meetingId: string; minutes: MinutesData }) {
  const { t, label } = useI18n();
  const numbers = minutes.revisions.map((r) => r.number);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const left = from ?? numbers[0] ?? 0;
  const right = to ?? numbers[numbers.length - 1] ?? 0;
  const [shown, setShown] = useState(false);
  const [{ data, error }] = useQuery({ query: DiffDocument, variables: { meetingId, from: left, to: right }, pause: !shown });
  if (numbers.length === 0) return null;
  const picker = (id: string, text: string, value: number, set: (n: number) => void) => (
    <select id={id} className="form-select w-auto" aria-label={text} value={value} onChange={(e) => set(Number(e.target.value))}>
      {numbers.map((n) => (
        <option key={n} value={n}>
          #{n}
        </option>
      ))}
    </select>
  );
  return (
    <section className="mb-4">
      <h3 className="h4">{t("minutes.revisions")}</h3>
      <ul>
        {minutes.revisions.map((r) => (
          <li key={r.number}>
            #{r.number} {label(r.kind)}
            {r.reason && ` — ${r.reason}`}
          </li>
        ))}
      </ul>
      {numbers.length > 1 && (
        <div className="d-flex flex-wrap gap-2 align-items-center">
          {picker("diff-from", t("meetings.from"), left, setFrom)}
          {picker("diff-to", t("meetings.to"), right, setTo)}
          <Button size="sm" color="primary" outline onClick={() => setShown(true)}>
            {t("minutes.compare")}
          </Button>
        </div>
      )}
      <FieldError error={error} />
      {shown && data && (
        <DiffView lines={data.minutesDiff} label={t("minutes.compare")} />
      )}
    </section>
  );
}
