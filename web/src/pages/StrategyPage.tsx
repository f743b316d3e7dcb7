// A table's local strategy: its versions, the tree of objectives → actions → activities with inline editing while a
// draft is open, members' comments, approval through a decision, progress, comparison and export.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { useLive } from "../components/useLive";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { StrategyCompare, StrategyProgressView } from "./StrategyProgress";
import { TableDecisionsDocument } from "./strategy/element";
import { ElementForm, StrategyTree, type Abilities } from "./StrategyTree";
import { FieldError } from "../components/FieldError";

const StrategyOverviewDocument = graphql(`
  query StrategyOverview($tableId: ID!) {
    table(id: $tableId) {
      id
      name
    }
    strategyVersions(tableId: $tableId) {
      id
      number
      status
      title
      approvedAt
    }
    strategyAbilities(tableId: $tableId) {
      canEdit
      canApprove
      canComment
    }
  }
`);

const StrategyChangesDocument = graphql(`
  subscription StrategyChanges($versionId: ID!) {
    strategyChanges(versionId: $versionId) {
      versionId
      action
    }
  }
`);

export const StrategyVersionDocument = graphql(`
  query StrategyVersion($id: ID!) {
    strategyVersion(id: $id) {
      id
      number
      status
      title
      approvedAt
      markdownUrl
      htmlUrl
      decision {
        id
        text
      }
      elements {
        id
        code
        title
        description
        level
        parentId
        position
        version
        status
        startDate
        endDate
        budgetEuros
        leadOrganization {
          id
          name
        }
        indicators {
          id
          name
          unit
          baseline
          target
          current
          ratio
        }
        links {
          id
          kind
          label
          path
        }
        comments {
          id
          body
          resolved
          createdAt
          author {
            name
          }
        }
      }
    }
  }
`);

const StartDraftDocument = graphql(`
  mutation StartStrategyDraft($tableId: ID!) {
    startStrategyDraft(tableId: $tableId) {
      id
    }
  }
`);

const VersionStepDocument = graphql(`
  mutation StrategyStep($id: ID!, $submit: Boolean!, $reopen: Boolean!) {
    submitStrategy(versionId: $id) @include(if: $submit) {
      id
    }
    reopenStrategy(versionId: $id) @include(if: $reopen) {
      id
    }
  }
`);

const ApproveDocument = graphql(`
  mutation ApproveStrategy($id: ID!, $decisionId: ID!) {
    approveStrategy(versionId: $id, decisionId: $decisionId) {
      id
    }
  }
`);

const AddElementDocument = graphql(`
  mutation AddStrategyElement($versionId: ID!, $level: StrategyLevel!, $parentId: ID, $input: StrategyElementInput!) {
    addStrategyElement(versionId: $versionId, level: $level, parentId: $parentId, input: $input)
  }
`);


function statusColor(status: string): string {
  if (status === "APPROVED") return "success";
  if (status === "SUBMITTED") return "warning";
  return "secondary";
}

/** The chair picks the decision that approved the version. */
function Approval({ versionId, tableId, onDone }: { versionId: string; tableId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: TableDecisionsDocument, variables: { tableId } });
  const [approved, approve] = useMutation(ApproveDocument);
  const [decision, setDecision] = useState("");
  const decisions = (data?.meetings ?? []).flatMap((m) => (m.minutes?.decisions ?? []).filter((d) => d.outcome === "APPROVED").map((d) => ({ ...d, meeting: m.title })));
  return (
    <form
      className="d-flex flex-wrap gap-2 align-items-end"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await approve({ id: versionId, decisionId: decision });
        if (!result.error) onDone();
      }}
    >
      <FieldError error={approved.error} />
      <div>
        <label htmlFor="approving-decision" className="form-label">
          {t("strategy.approvingDecision")}
        </label>
        <select id="approving-decision" className="form-select" value={decision} onChange={(e) => setDecision(e.target.value)} required>
          <option value="">—</option>
          {decisions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.meeting}: {d.text}
            </option>
          ))}
        </select>
      </div>
      <Button color="success" type="submit" disabled={!decision}>
        {t("strategy.approve")}
      </Button>
    </form>
  );
}

function VersionView({ versionId, tableId, abilities, onChanged }: { versionId: string; tableId: string; abilities: Abilities; onChanged: () => void }) {
  const { t, date, locale } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: StrategyVersionDocument, variables: { id: versionId } });
  // Another editor's or commenter's change shows without reloading.
  useLive(StrategyChangesDocument, { versionId }, () => refetch({ requestPolicy: "network-only" }));
  const [step, runStep] = useMutation(VersionStepDocument);
  const [added, addElement] = useMutation(AddElementDocument);
  const [adding, setAdding] = useState(false);
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    onChanged();
  };
  if (error) return <QueryError error={error} />;
  const version = data?.strategyVersion;
  if (fetching && !version) return <Loading />;
  if (!version) return null;
  const draft = version.status === "DRAFT";
  const editing = draft && abilities.canEdit;
  const flags = { submit: false, reopen: false };
  return (
    <section aria-labelledby="version-title">
      <h2 id="version-title" className="h3">
        {version.title} — {t("strategy.version")} {version.number} <Badge color={statusColor(version.status)}>{t(`strategy.status.${version.status}` as "strategy.status.DRAFT")}</Badge>
      </h2>
      {version.approvedAt && (
        <p>
          {t("strategy.approvedOn")} {date(version.approvedAt)}
          {version.decision && ` — ${version.decision.text}`}
        </p>
      )}
      <p className="d-flex flex-wrap gap-2">
        <a className="btn btn-outline-primary btn-sm" href={`${version.markdownUrl}?lang=${locale}`}>
          {t("strategy.exportMarkdown")}
        </a>
        <a className="btn btn-outline-primary btn-sm" href={`${version.htmlUrl}?lang=${locale}`} target="_blank" rel="noreferrer">
          {t("strategy.exportHtml")}
        </a>
      </p>
      <FieldError error={step.error} />
      <div className="d-flex flex-wrap gap-2 mb-3">
        {editing && (
          <Button color="primary" onClick={async () => !(await runStep({ id: version.id, ...flags, submit: true })).error && reload()}>
            {t("strategy.submit")}
          </Button>
        )}
        {version.status === "SUBMITTED" && abilities.canEdit && (
          <Button color="primary" outline onClick={async () => !(await runStep({ id: version.id, ...flags, reopen: true })).error && reload()}>
            {t("strategy.reopen")}
          </Button>
        )}
        {version.status === "SUBMITTED" && abilities.canApprove && <Approval versionId={version.id} tableId={tableId} onDone={reload} />}
      </div>
      {version.status === "APPROVED" && <p className="text-muted">{t("strategy.frozen")}</p>}

      <StrategyTree elements={version.elements} versionId={version.id} tableId={tableId} editing={editing} abilities={abilities} open={version.status !== "APPROVED"} onChange={reload} />
      {version.elements.length === 0 && <p>{t("strategy.empty")}</p>}
      {editing && (
        <div className="mb-4">
          {adding ? (
            <>
              <FieldError error={added.error} />
              <ElementForm
                idPrefix="new-objective"
                level="OBJECTIVE"
                submitLabel={t("strategy.addObjective")}
                onCancel={() => setAdding(false)}
                onSave={async (input) => {
                  const result = await addElement({ versionId: version.id, level: "OBJECTIVE", parentId: null, input });
                  if (!result.error) {
                    setAdding(false);
                    reload();
                  }
                }}
              />
            </>
          ) : (
            <Button color="primary" outline onClick={() => setAdding(true)}>
              {t("strategy.addObjective")}
            </Button>
          )}
        </div>
      )}
      <StrategyProgressView versionId={version.id} />
    </section>
  );
}

export function StrategyPage() {
  const { id: tableId = "" } = useParams();
  const { t } = useI18n();
  const [{ data, error, fetching }, refetch] = useQuery({ query: StrategyOverviewDocument, variables: { tableId } });
  const [started, start] = useMutation(StartDraftDocument);
  const [selected, setSelected] = useState<string | null>(null);
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  if (!data) return null;
  const versions = data.strategyVersions;
  const abilities = data.strategyAbilities;
  const current = selected ?? versions[0]?.id ?? null;
  const open = versions.some((v) => v.status !== "APPROVED");
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <article>
      <p>
        <Link to={`/tables/${data.table.id}`}>{data.table.name}</Link>
      </p>
      <h1 className="mb-3">{t("strategy.title")}</h1>
      <FieldError error={started.error} />
      <div className="d-flex flex-wrap gap-3 align-items-end mb-4">
        {versions.length > 0 && (
          <div>
            <label htmlFor="strategy-version" className="form-label">
              {t("strategy.versions")}
            </label>
            <select id="strategy-version" className="form-select" value={current ?? ""} onChange={(e) => setSelected(e.target.value)}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {t("strategy.version")} {v.number} — {t(`strategy.status.${v.status}` as "strategy.status.DRAFT")}
                </option>
              ))}
            </select>
          </div>
        )}
        {abilities.canEdit && !open && (
          <Button
            color="primary"
            onClick={async () => {
              const result = await start({ tableId });
              if (result.data) {
                setSelected(result.data.startStrategyDraft.id);
                reload();
              }
            }}
          >
            {versions.length === 0 ? t("strategy.startFirst") : t("strategy.startDraft")}
          </Button>
        )}
      </div>
      {versions.length === 0 && <p>{t("strategy.none")}</p>}
      {current && <VersionView key={current} versionId={current} tableId={tableId} abilities={abilities} onChanged={reload} />}
      {versions.length > 1 && <StrategyCompare versions={versions.map((v) => ({ id: v.id, label: `${t("strategy.version")} ${v.number} (${t(`strategy.status.${v.status}` as "strategy.status.DRAFT")})` }))} />}
    </article>
  );
}
