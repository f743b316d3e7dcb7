// Observations on minutes in review: each on the whole text or on one agenda item, with its author and time,
// answered in a thread and marked handled by whoever runs or chairs the table.
import { Badge, Button, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { FieldError } from "../../components/FieldError";
import { required } from "../../components/FormErrors";

const CommentDocument = graphql(`
  mutation CommentMinutes($meetingId: ID!, $body: String!, $parentId: ID, $agendaItemId: ID) {
    commentMinutes(meetingId: $meetingId, body: $body, parentId: $parentId, agendaItemId: $agendaItemId) {
      id
    }
  }
`);
const HandledDocument = graphql(`
  mutation SetMinutesCommentHandled($id: ID!, $handled: Boolean!) {
    setMinutesCommentHandled(id: $id, handled: $handled) {
      id
      handled
    }
  }
`);

export interface ReviewComment {
  id: string;
  body: string;
  parentId?: string | null;
  agendaItemId?: string | null;
  createdAt: string;
  handled: boolean;
  author?: { name: string } | null;
  handledBy?: { name: string } | null;
}

export function ReviewComments({ meetingId, comments, agenda, handles, onChange }: { meetingId: string; comments: ReviewComment[]; agenda: { id: string; title: string }[]; handles: boolean; onChange: () => void }) {
  const { t, locale } = useI18n();
  const [commented, comment] = useMutation(CommentDocument);
  const [marked, mark] = useMutation(HandledDocument);
  const [body, setBody] = useState("");
  const [item, setItem] = useState("");
  const [replyTo, setReplyTo] = useState<ReviewComment | null>(null);
  const when = new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  const itemTitle = (id?: string | null) => agenda.find((a) => a.id === id)?.title;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await comment({ meetingId, body, parentId: replyTo?.id ?? null, agendaItemId: replyTo ? null : item || null });
    if (!result.error) {
      setBody("");
      setReplyTo(null);
    }
    onChange();
  }
  const top = comments.filter((c) => !c.parentId);
  const open = top.filter((c) => !c.handled).length;
  const line = (c: ReviewComment) => (
    <>
      <strong>{c.author?.name}</strong> <span className="small text-muted">{when.format(new Date(c.createdAt))}</span>: {c.body}
    </>
  );
  return (
    <section className="mb-4" aria-labelledby="review-comments-heading">
      <h3 className="h4" id="review-comments-heading">
        {t("minutes.comments")} <Badge color={open ? "warning" : "success"}>{t("minutes.openComments").replace("{count}", String(open))}</Badge>
      </h3>
      <FieldError error={marked.error} />
      <ul className="list-unstyled">
        {top.map((c) => (
          <li key={c.id} className="mb-3 border-start ps-2">
            {itemTitle(c.agendaItemId) && <div className="small">{t("minutes.onItem").replace("{item}", itemTitle(c.agendaItemId) ?? "")}</div>}
            {line(c)}{" "}
            {c.handled ? <Badge color="success">{c.handledBy ? t("minutes.handledBy").replace("{name}", c.handledBy.name) : t("minutes.handled")}</Badge> : <Badge color="warning">{t("minutes.open")}</Badge>}
            <div className="d-flex flex-wrap gap-2 mt-1">
              <Button size="xs" color="primary" outline onClick={() => setReplyTo(c)} aria-label={`${t("minutes.reply")}: ${c.author?.name ?? ""}`}>
                {t("minutes.reply")}
              </Button>
              {handles && (
                <Button size="xs" color={c.handled ? "secondary" : "success"} outline aria-label={`${c.handled ? t("minutes.reopen") : t("minutes.markHandled")}: ${c.author?.name ?? ""}`} onClick={async () => (await mark({ id: c.id, handled: !c.handled }), onChange())}>
                  {c.handled ? t("minutes.reopen") : t("minutes.markHandled")}
                </Button>
              )}
            </div>
            <ul>
              {comments
                .filter((r) => r.parentId === c.id)
                .map((r) => (
                  <li key={r.id}>{line(r)}</li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <FieldError error={commented.error} />
        {replyTo ? (
          <p className="small">
            {t("minutes.replyingTo").replace("{name}", replyTo.author?.name ?? "")}{" "}
            <Button size="xs" color="secondary" outline onClick={() => setReplyTo(null)}>
              {t("common.cancel")}
            </Button>
          </p>
        ) : (
          <div className="select-wrapper mb-3">
            <label htmlFor="minutes-comment-item">{t("minutes.commentOn")}</label>
            <select id="minutes-comment-item" value={item} onChange={(e) => setItem(e.target.value)}>
              <option value="">{t("minutes.wholeMinutes")}</option>
              {agenda.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextArea id="minutes-comment" label={required(t("minutes.comment"))} required maxLength={10000} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
        <Button color="primary" size="sm" type="submit">
          {replyTo ? t("minutes.reply") : t("minutes.addComment")}
        </Button>
      </form>
    </section>
  );
}
