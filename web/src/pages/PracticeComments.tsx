// A published practice's discussion: comments and replies; the author edits or deletes their own, a moderator
// removes an abusive one (a deleted comment leaves a mark, its text gone).
import { Button, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ConfirmButton } from "../components/ConfirmButton";
import { FieldError } from "../components/FieldError";
import { graphql } from "../gql";
import type { PracticePageQuery } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useSession } from "../session";

const CommentDocument = graphql(`
  mutation CommentPractice($id: ID!, $body: String!, $parentId: ID) {
    commentPractice(practiceId: $id, body: $body, parentId: $parentId) {
      id
    }
  }
`);
const EditCommentDocument = graphql(`
  mutation EditPracticeComment($id: ID!, $body: String!) {
    editPracticeComment(id: $id, body: $body) {
      id
    }
  }
`);
const DeleteCommentDocument = graphql(`
  mutation DeletePracticeComment($id: ID!) {
    deletePracticeComment(id: $id) {
      id
    }
  }
`);

type Comment = NonNullable<PracticePageQuery["practice"]>["comments"][number];

function CommentItem({ comment, canReply, onReply, onChange }: { comment: Comment; canReply: boolean; onReply: () => void; onChange: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(comment.body);
  const [edit, runEdit] = useMutation(EditCommentDocument);
  const [removal, runDelete] = useMutation(DeleteCommentDocument);
  const own = !!me && me.id === comment.author?.id;
  const moderator = me?.instanceRole === "MODERATOR" || me?.instanceRole === "ADMIN";
  const name = comment.author?.name ?? "";

  async function save(event: FormEvent) {
    event.preventDefault();
    const result = await runEdit({ id: comment.id, body });
    if (!result.error) {
      setEditing(false);
      onChange();
    }
  }

  return (
    <li className={comment.parentId ? "ms-4 mb-2" : "mb-2"}>
      <FieldError error={edit.error ?? removal.error} />
      {editing ? (
        <form onSubmit={save}>
          <TextArea id={`comment-edit-${comment.id}`} label={t("practices.comment")} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          <div className="d-flex flex-wrap gap-2">
            <Button size="sm" color="primary" type="submit">
              {t("common.save")}
            </Button>
            <Button size="sm" color="secondary" outline onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <strong>{name}</strong>: {comment.deleted ? <em>{t("practices.deleted")}</em> : comment.body}
          {comment.edited && !comment.deleted && <span className="small text-muted"> ({t("practices.edited")})</span>}
          {!comment.deleted && (
            <span className="ms-2 d-inline-flex gap-1">
              {canReply && !comment.parentId && (
                <Button size="xs" color="primary" outline aria-label={`${t("minutes.reply")}: ${name}`} onClick={onReply}>
                  {t("minutes.reply")}
                </Button>
              )}
              {own && (
                <Button size="xs" color="primary" outline aria-label={`${t("admin.edit")}: ${name}`} onClick={() => setEditing(true)}>
                  {t("admin.edit")}
                </Button>
              )}
              {(own || moderator) && (
                <ConfirmButton
                  text={t("practices.deleteComment")}
                  name={name}
                  question={t("practices.confirmDeleteComment").replace("{name}", name)}
                  run={() => runDelete({ id: comment.id })}
                  onDone={onChange}
                />
              )}
            </span>
          )}
        </>
      )}
    </li>
  );
}

export function PracticeComments({ practiceId, comments, open, onChange }: { practiceId: string; comments: Comment[]; open: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [body, setBody] = useState("");
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [commented, comment] = useMutation(CommentDocument);
  // Replies sit under the comment they answer.
  const ordered = comments.filter((c) => !c.parentId).flatMap((c) => [c, ...comments.filter((r) => r.parentId === c.id)]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await comment({ id: practiceId, body, parentId: replyTo?.id ?? null });
    if (result.error) return;
    setBody("");
    setReplyTo(null);
    onChange();
  }

  return (
    <section className="mb-4">
      <h2 className="h4">{t("practices.comments")}</h2>
      <ul className="list-unstyled">
        {ordered.map((c) => (
          <CommentItem key={c.id} comment={c} canReply={!!me && open} onReply={() => setReplyTo(c)} onChange={onChange} />
        ))}
      </ul>
      {me && open && (
        <form onSubmit={submit}>
          <FieldError error={commented.error} />
          {replyTo && (
            <p className="small">
              {t("practices.replyingTo").replace("{name}", replyTo.author?.name ?? "")}{" "}
              <Button size="xs" color="secondary" outline onClick={() => setReplyTo(null)}>
                {t("common.cancel")}
              </Button>
            </p>
          )}
          <TextArea id="practice-comment" label={t("practices.comment")} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          <Button color="primary" size="sm" type="submit">
            {replyTo ? t("minutes.reply") : t("practices.addComment")}
          </Button>
        </form>
      )}
    </section>
  );
}
