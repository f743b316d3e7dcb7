// One good practice: its record, the author's and moderators' workflow, the discussion and the adoptions.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { LinkedStrategy } from "../components/LinkedStrategy";
import { Loading, QueryError, ScrollTable } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { PracticeComments } from "./PracticeComments";
import { PracticeAttachments } from "./PracticeAttachments";
import { FieldError } from "../components/FieldError";
import { Adoptions } from "./practice/Adoptions";
import { Review, ReviewRecord } from "./practice/Review";
import { DiffView } from "../components/DiffView";

const PracticeDocument = graphql(`
  query PracticePage($id: ID!) {
    practice(id: $id) {
      id
      title
      summary
      bodyHtml
      status
      visibility
      themes
      targetGroups
      region
      territory
      language
      startDate
      endDate
      practiceState
      evaluation
      funding
      projectCode
      results
      transferability
      contactName
      contactEmail
      reviewNote
      reviewedAt
      reviewer {
        name
      }
      eligibility {
        context
        duration
        transferable
      }
      keywords
      peopleReached
      budgetEuros
      partners
      lessonsLearned
      sustainability
      materialsLicence
      indicators {
        name
        unit
        baseline
        target
        achieved
        source
      }
      version
      pendingChanges {
        since
        by {
          name
        }
      }
      strategyElements {
        tableId
        code
        title
      }
      protocols {
        id
        title
      }
      attachments {
        id
        fileName
        sizeBytes
        url
      }
      author {
        id
        name
      }
      organization {
        name
      }
      adoptionCount
      related {
        id
        title
      }
      revisions {
        number
        createdAt
      }
      adoptions {
        note
        person {
          id
          name
        }
        organization {
          name
        }
      }
      comments {
        id
        parentId
        body
        edited
        deleted
        author {
          id
          name
        }
      }
    }
  }
`);

const StepDocument = graphql(`
  mutation PracticeStep($id: ID!, $submit: Boolean!, $archive: Boolean!) {
    submitPractice(id: $id) @include(if: $submit) {
      id
    }
    archivePractice(id: $id) @include(if: $archive) {
      id
    }
  }
`);
const AcceptChangesDocument = graphql(`
  mutation AcceptPracticeChanges($id: ID!, $version: Int!) {
    acceptPracticeChanges(id: $id, expectedVersion: $version) {
      id
    }
  }
`);
const DiscardChangesDocument = graphql(`
  mutation DiscardPracticeChanges($id: ID!) {
    discardPracticeChanges(id: $id) {
      id
    }
  }
`);
const PracticeDiffDocument = graphql(`
  query PracticeDiff($id: ID!, $from: Int!, $to: Int!) {
    practiceDiff(practiceId: $id, from: $from, to: $to) {
      change
      text
    }
  }
`);

/** The published revisions and what changed between the first and the latest. */
function Revisions({ id, numbers }: { id: string; numbers: number[] }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const [{ data }] = useQuery({ query: PracticeDiffDocument, variables: { id, from: numbers[0] ?? 0, to: numbers[numbers.length - 1] ?? 0 }, pause: !shown });
  if (numbers.length < 2) return null;
  return (
    <section className="mb-4">
      <h2 className="h4">{t("minutes.revisions")}</h2>
      <Button size="sm" color="primary" outline onClick={() => setShown(true)}>
        {t("minutes.compare")} #{numbers[0]} ↔ #{numbers[numbers.length - 1]}
      </Button>
      {shown && data && (
        <DiffView lines={data.practiceDiff} label={t("minutes.compare")} />
      )}
    </section>
  );
}


/** A term of the record's description list, left out when it has no value. */
function optional(term: string, value: string | null | undefined) {
  if (!value) return null;
  return (
    <>
      <dt className="col-sm-3">{term}</dt>
      <dd className="col-sm-9">{value}</dd>
    </>
  );
}

export function PracticePage() {
  const { id = "" } = useParams();
  const { t, label, date, locale } = useI18n();
  const { me } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PracticeDocument, variables: { id } });
  const [step, runStep] = useMutation(StepDocument);
  const [accepting, acceptChanges] = useMutation(AcceptChangesDocument);
  const [discarding, discardChanges] = useMutation(DiscardChangesDocument);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  const practice = data?.practice;
  if (!practice) return <Loading />;
  const moderator = me?.instanceRole === "MODERATOR" || me?.instanceRole === "ADMIN";
  const author = me?.id === practice.author?.id;
  const run = async (promise: Promise<{ error?: unknown }>, reset?: () => void) => {
    const result = await promise;
    if (!result.error) reset?.();
    reload();
  };
  const flags = { submit: false, archive: false };
  const euros = new Intl.NumberFormat(locale === "it" ? "it-IT" : "en-GB", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(locale === "it" ? "it-IT" : "en-GB");
  const editable = (author || moderator) && practice.status !== "ARCHIVED";
  return (
    <article>
      <p>
        <Link to="/practices">{t("practices.title")}</Link>
      </p>
      <h1>
        {practice.title} <Badge color={practice.status === "PUBLISHED" ? "success" : "secondary"}>{label(practice.status)}</Badge>
      </h1>
      <p className="lead">{practice.summary}</p>
      <dl className="row tavolo-meta">
        <dt className="col-sm-3">{t("practices.theme")}</dt>
        <dd className="col-sm-9">{practice.themes.map((v) => label(v)).join(", ")}</dd>
        <dt className="col-sm-3">{t("practices.targetGroup")}</dt>
        <dd className="col-sm-9">{practice.targetGroups.map((v) => label(v)).join(", ")}</dd>
        {practice.region && (
          <>
            <dt className="col-sm-3">{t("practices.region")}</dt>
            <dd className="col-sm-9">{practice.region}</dd>
          </>
        )}
        {optional(t("practices.territory"), practice.territory)}
        {optional(t("practices.period"), [date(practice.startDate), date(practice.endDate)].filter(Boolean).join(" – "))}
        <dt className="col-sm-3">{t("practices.practiceState")}</dt>
        <dd className="col-sm-9">{label(practice.practiceState)}</dd>
        <dt className="col-sm-3">{t("practices.evaluation")}</dt>
        <dd className="col-sm-9">{label(practice.evaluation)}</dd>
        {optional(t("practices.keywords"), practice.keywords.join(", "))}
        {optional(t("practices.peopleReached"), practice.peopleReached === null || practice.peopleReached === undefined ? null : count.format(practice.peopleReached))}
        {optional(t("practices.funding"), practice.funding)}
        {optional(t("practices.budgetEuros"), practice.budgetEuros === null || practice.budgetEuros === undefined ? null : euros.format(practice.budgetEuros))}
        {optional(t("practices.organization"), practice.organization?.name)}
        {optional(t("practices.partners"), practice.partners)}
        <dt className="col-sm-3">{t("practices.sustainability")}</dt>
        <dd className="col-sm-9">{label(practice.sustainability)}</dd>
        <dt className="col-sm-3">{t("practices.materialsLicence")}</dt>
        <dd className="col-sm-9">{label(practice.materialsLicence)}</dd>
        {optional(t("practices.projectCode"), practice.projectCode)}
        {optional(t("practices.language"), practice.language)}
        {optional(t("practices.contact"), [practice.contactName, practice.contactEmail].filter(Boolean).join(" · "))}
        <dt className="col-sm-3">{t("tables.visibility")}</dt>
        <dd className="col-sm-9">{label(practice.visibility)}</dd>
        {practice.author && (
          <>
            <dt className="col-sm-3">{t("practices.author")}</dt>
            <dd className="col-sm-9">{practice.author.name}</dd>
          </>
        )}
      </dl>
      <div dangerouslySetInnerHTML={{ __html: practice.bodyHtml }} />
      {practice.results && (
        <>
          <h2 className="h4">{t("practices.results")}</h2>
          <p>{practice.results}</p>
        </>
      )}
      {practice.indicators.length > 0 && (
        <>
          <h2 className="h4">{t("practices.indicators")}</h2>
          <ScrollTable label={t("practices.indicators")}>
            <table className="table table-sm">
              <thead>
                <tr>
                  <th scope="col">{t("practices.indicatorName")}</th>
                  <th scope="col">{t("practices.indicatorBaseline")}</th>
                  <th scope="col">{t("practices.indicatorTarget")}</th>
                  <th scope="col">{t("practices.indicatorAchieved")}</th>
                  <th scope="col">{t("practices.indicatorSource")}</th>
                </tr>
              </thead>
              <tbody>
                {practice.indicators.map((i, n) => (
                  <tr key={n}>
                    <th scope="row">
                      {i.name} ({i.unit})
                    </th>
                    <td>{i.baseline === null || i.baseline === undefined ? "" : count.format(i.baseline)}</td>
                    <td>{i.target === null || i.target === undefined ? "" : count.format(i.target)}</td>
                    <td>{i.achieved === null || i.achieved === undefined ? "" : count.format(i.achieved)}</td>
                    <td>{i.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
      {practice.lessonsLearned && (
        <>
          <h2 className="h4">{t("practices.lessonsLearned")}</h2>
          <p>{practice.lessonsLearned}</p>
        </>
      )}
      {practice.transferability && (
        <>
          <h2 className="h4">{t("practices.transferability")}</h2>
          <p>{practice.transferability}</p>
        </>
      )}
      <ReviewRecord eligibility={practice.eligibility} reviewer={practice.reviewer?.name} reviewedAt={practice.reviewedAt} />
      <PracticeAttachments practiceId={practice.id} attachments={practice.attachments} editable={editable} onChange={reload} />
      {practice.reviewNote && practice.status === "DRAFT" && (author || moderator) && (
        <p role="note">
          <strong>{t("practices.reviewNote")}:</strong> {practice.reviewNote}
        </p>
      )}
      {practice.pendingChanges && (
        <div className="callout note mb-3" role="note">
          <p className="mb-2">
            {t("practices.pendingChanges")} ({practice.pendingChanges.by?.name}, {date(practice.pendingChanges.since.slice(0, 10))})
          </p>
          <div className="d-flex flex-wrap gap-2">
            {moderator && (
              <Button color="success" size="sm" onClick={() => run(acceptChanges({ id, version: practice.version }))}>
                {t("practices.acceptChanges")}
              </Button>
            )}
            <Button color="danger" outline size="sm" onClick={() => run(discardChanges({ id }))}>
              {moderator ? t("practices.discardChanges") : t("practices.withdrawChanges")}
            </Button>
          </div>
        </div>
      )}
      <FieldError error={step.error ?? accepting.error ?? discarding.error} />
      <div className="d-flex flex-wrap gap-2 mb-4">
        {editable && (
          <Link className="btn btn-outline-primary" to={`/practices/${practice.id}/edit`}>
            {t("practices.edit")}
          </Link>
        )}
        {practice.status === "DRAFT" && (author || moderator) && (
          <Button color="primary" onClick={() => run(runStep({ id, ...flags, submit: true }))}>
            {t("practices.submit")}
          </Button>
        )}
        {practice.status === "PUBLISHED" && moderator && (
          <Button color="danger" outline onClick={() => run(runStep({ id, ...flags, archive: true }))}>
            {t("practices.archive")}
          </Button>
        )}
      </div>
      {practice.status === "SUBMITTED" && moderator && <Review practiceId={practice.id} onDone={reload} />}

      <Adoptions practiceId={practice.id} count={practice.adoptionCount} adoptions={practice.adoptions} meId={me?.id} open={practice.status === "PUBLISHED"} onChange={reload} />

      <div className="mb-4">
        <LinkedStrategy elements={practice.strategyElements} />
        {practice.protocols.length > 0 && (
          <div className="small">
            {t("protocols.citedBy")}:{" "}
            {practice.protocols.map((protocol, i) => (
              <span key={protocol.id}>
                {i > 0 && ", "}
                <Link to={`/protocols/${protocol.id}`}>{protocol.title}</Link>
              </span>
            ))}
          </div>
        )}
      </div>

      <Revisions id={practice.id} numbers={practice.revisions.map((r) => r.number)} />

      {practice.related.length > 0 && (
        <section className="mb-4">
          <h2 className="h4">{t("practices.related")}</h2>
          <ul>
            {practice.related.map((r) => (
              <li key={r.id}>
                <Link to={`/practices/${r.id}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <PracticeComments practiceId={id} comments={practice.comments} open={practice.status === "PUBLISHED"} onChange={reload} />
    </article>
  );
}
