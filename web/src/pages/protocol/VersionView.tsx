// One version of a protocol: its standing and adoption, its sections (with the members' comments while it is a
// draft), who is to sign it and who has, the signature for a delegate, and for a draft the editor and the chair's
// adoption.
import { Badge, Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { useFormErrors } from "../../components/FormErrors";
import { Loading, Notice, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { ProtocolStanding, ProtocolVersionQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { TableDecisionsDocument } from "../strategy/element";
import { DraftEditor } from "./DraftEditor";
import type { ProtocolData } from "./ProtocolPage";

export type VersionData = NonNullable<NonNullable<ProtocolVersionQuery["protocol"]>["version"]>;

const ProtocolVersionDocument = graphql(`
  query ProtocolVersion($id: ID!, $number: Int!) {
    protocol(id: $id) {
      id
      version(number: $number) {
        id
        number
        status
        standing
        inForceFrom
        adoptedAt
        decision {
          id
          text
        }
        sections {
          key
          heading
          body
          html
        }
        signatories {
          signed
          signedAt
          signedBy {
            id
            name
          }
          organization {
            id
            name
          }
        }
        comments {
          id
          sectionKey
          body
          createdAt
          resolved
          author {
            id
            name
          }
        }
        signableFor {
          id
          name
        }
      }
    }
  }
`);

const SignDocument = graphql(`
  mutation SignProtocol($versionId: ID!, $organizationId: ID!) {
    signProtocol(versionId: $versionId, organizationId: $organizationId) {
      signed
    }
  }
`);

const CommentDocument = graphql(`
  mutation CommentOnProtocol($versionId: ID!, $sectionKey: String!, $body: String!) {
    commentOnProtocol(versionId: $versionId, sectionKey: $sectionKey, body: $body) {
      id
    }
  }
`);

const ResolveCommentDocument = graphql(`
  mutation ResolveProtocolComment($id: ID!) {
    resolveProtocolComment(id: $id) {
      id
    }
  }
`);

const AdoptDocument = graphql(`
  mutation AdoptProtocol($versionId: ID!, $decisionId: ID!, $inForceFrom: NaiveDate!) {
    adoptProtocol(versionId: $versionId, decisionId: $decisionId, inForceFrom: $inForceFrom) {
      id
    }
  }
`);

export function standingColor(standing: ProtocolStanding): string {
  if (standing === "IN_FORCE") return "success";
  if (standing === "SCHEDULED") return "info";
  if (standing === "SUPERSEDED") return "dark";
  return "secondary";
}

export function VersionView({ protocol, number, onChange }: { protocol: ProtocolData; number: number; onChange: () => void }) {
  const { t, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: ProtocolVersionDocument, variables: { id: protocol.id, number } });
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    onChange();
  };
  if (error) return <QueryError error={error} />;
  const version = data?.protocol.version;
  if (!data) return <Loading />;
  if (!version) return null;
  const draft = version.status === "DRAFT";
  return (
    <section className="mb-4" aria-labelledby="version-heading">
      <h2 className="h3" id="version-heading">
        {t("protocols.version").replace("{n}", String(version.number))} <Badge color={standingColor(version.standing)}>{t(`protocols.standing.${version.standing}`)}</Badge>
      </h2>
      {!draft && (
        <dl className="row tavolo-meta">
          <dt className="col-sm-4">{t("protocols.inForceFrom")}</dt>
          <dd className="col-sm-8">{date(version.inForceFrom ?? "")}</dd>
          {version.decision && (
            <>
              <dt className="col-sm-4">{t("protocols.adoptedBy")}</dt>
              <dd className="col-sm-8">{version.decision.text}</dd>
            </>
          )}
        </dl>
      )}
      {version.sections.length === 0 && <p>{t("protocols.noSections")}</p>}
      {version.sections.map((section) => (
        <section key={section.key} className="mb-3">
          <h3 className="h4">{section.heading}</h3>
          <div dangerouslySetInnerHTML={{ __html: section.html }} />
          {draft && <SectionComments version={version} sectionKey={section.key} heading={section.heading} canComment={protocol.canComment} canResolve={protocol.canEdit} onChange={reload} />}
        </section>
      ))}
      <Signatories version={version} onChange={reload} />
      {draft && protocol.canEdit && <DraftEditor protocol={protocol} version={version} onSaved={reload} />}
      {draft && protocol.canAdopt && protocol.table && <Adoption versionId={version.id} tableId={protocol.table.id} onDone={reload} />}
    </section>
  );
}

function SectionComments({ version, sectionKey, heading, canComment, canResolve, onChange }: { version: VersionData; sectionKey: string; heading: string; canComment: boolean; canResolve: boolean; onChange: () => void }) {
  const { t, date } = useI18n();
  const [body, setBody] = useState("");
  const [sent, send] = useMutation(CommentDocument);
  const [resolved, resolve] = useMutation(ResolveCommentDocument);
  const comments = version.comments.filter((c) => c.sectionKey === sectionKey);
  const inputId = `comment-${sectionKey}`;
  const errors = useFormErrors(sent.error, { body: { id: inputId, label: t("protocols.commentLabel").replace("{section}", heading) } });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await send({ versionId: version.id, sectionKey, body })).data) {
      setBody("");
      onChange();
    }
  };
  if (!canComment && comments.length === 0) return null;
  return (
    <div className="ms-3 border-start ps-3">
      {comments.length > 0 && (
        <>
          <h4 className="h6">{t("protocols.comments")}</h4>
          <FieldError error={resolved.error} />
          <ul className="list-unstyled">
            {comments.map((comment) => (
              <li key={comment.id} className={comment.resolved ? "text-muted" : ""}>
                <strong>{comment.author?.name}</strong> · <span className="small">{date(comment.createdAt)}</span>
                {comment.resolved && <Badge color="success" className="ms-2">{t("protocols.resolved")}</Badge>}
                <p className="mb-1">{comment.body}</p>
                {canResolve && !comment.resolved && (
                  <Button size="xs" color="primary" outline onClick={async () => !(await resolve({ id: comment.id })).error && onChange()}>
                    {t("protocols.resolve")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {canComment && (
        <form onSubmit={submit} noValidate>
          {errors.summary}
          <TextArea id={inputId} rows={2} label={t("protocols.commentLabel").replace("{section}", heading)} value={body} onChange={(e) => setBody(e.target.value)} {...errors.field("body")} />
          <Button size="sm" color="primary" type="submit" disabled={sent.fetching || body.trim() === ""}>
            {t("protocols.send")}
          </Button>
        </form>
      )}
    </div>
  );
}

function Signatories({ version, onChange }: { version: VersionData; onChange: () => void }) {
  const { t, date } = useI18n();
  const [signed, sign] = useMutation(SignDocument);
  const [done, setDone] = useState(false);
  if (version.signatories.length === 0) return null;
  const signFor = async (organizationId: string) => {
    setDone(false);
    if (!window.confirm(t("protocols.signConfirm"))) return;
    if ((await sign({ versionId: version.id, organizationId })).data) {
      setDone(true);
      onChange();
    }
  };
  return (
    <section className="mb-3" aria-labelledby="signatories-heading">
      <h3 className="h4" id="signatories-heading">
        {t("protocols.signatories")}{" "}
        <span className="small text-muted">
          {t("protocols.signedOf")
            .replace("{n}", String(version.signatories.filter((s) => s.signed).length))
            .replace("{total}", String(version.signatories.length))}
        </span>
      </h3>
      {done && <Notice>{t("protocols.signed")}</Notice>}
      <FieldError error={signed.error} />
      <ScrollTable label={t("protocols.signatories")}>
        <table className="table table-sm">
          <thead>
            <tr>
              <th scope="col">{t("protocols.organization")}</th>
              <th scope="col">{t("protocols.signedBy")}</th>
              <th scope="col">{t("protocols.signedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {version.signatories.map((s) => (
              <tr key={s.organization?.id}>
                <td>{s.organization?.name}</td>
                <td>
                  {s.signed ? (
                    s.signedBy?.name
                  ) : version.signableFor.some((o) => o.id === s.organization?.id) ? (
                    <Button size="sm" color="primary" disabled={signed.fetching} onClick={() => signFor(s.organization?.id ?? "")}>
                      {t("protocols.signFor").replace("{organization}", s.organization?.name ?? "")}
                    </Button>
                  ) : (
                    <span className="text-muted">{t("protocols.awaiting")}</span>
                  )}
                </td>
                <td>{s.signedAt ? date(s.signedAt) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function Adoption({ versionId, tableId, onDone }: { versionId: string; tableId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: TableDecisionsDocument, variables: { tableId } });
  const [adopted, adopt] = useMutation(AdoptDocument);
  const [decision, setDecision] = useState("");
  const [from, setFrom] = useState(new Date().toISOString().slice(0, 10));
  const decisions = (data?.meetings ?? []).flatMap((m) => (m.minutes?.decisions ?? []).filter((d) => d.outcome === "APPROVED").map((d) => ({ ...d, meeting: m.title })));
  const errors = useFormErrors(adopted.error, {
    decisionId: { id: "adopting-decision", label: t("protocols.decision") },
    inForceFrom: { id: "in-force-from", label: t("protocols.inForceFrom") },
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await adopt({ versionId, decisionId: decision, inForceFrom: from })).data) onDone();
  };
  return (
    <section className="mb-3">
      <h3 className="h4">{t("protocols.adopt")}</h3>
      <p>{t("protocols.adoptIntro")}</p>
      {errors.summary}
      <form onSubmit={submit} noValidate>
        <div className="select-wrapper mb-3">
          <label htmlFor="adopting-decision">{t("protocols.decision")}</label>
          <select id="adopting-decision" value={decision} onChange={(e) => setDecision(e.target.value)} required>
            <option value="">—</option>
            {decisions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.meeting}: {d.text}
              </option>
            ))}
          </select>
        </div>
        <Input id="in-force-from" type="date" label={t("protocols.inForceFrom")} value={from} onChange={(e) => setFrom(e.target.value)} {...errors.field("inForceFrom")} />
        <Button color="success" type="submit" disabled={!decision || adopted.fetching}>
          {t("protocols.adopt")}
        </Button>
      </form>
    </section>
  );
}
