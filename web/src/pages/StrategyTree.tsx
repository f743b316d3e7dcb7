// The strategy's tree: each objective, action and activity with inline editing while the draft is open, activities'
// status and indicators (progress is recorded on any version), links, and members' comments.
import { Badge, Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import type { ActivityStatus, StrategyElementInput, StrategyLevel, StrategyLinkKind, StrategyVersionQuery } from "../gql/graphql";
import { useI18n } from "../i18n";
import { FieldError } from "../components/FieldError";

export interface Abilities {
  canEdit: boolean;
  canApprove: boolean;
  canComment: boolean;
}

type Element = NonNullable<StrategyVersionQuery["strategyVersion"]>["elements"][number];

const UpdateElementDocument = graphql(`
  mutation UpdateStrategyElement($id: ID!, $version: Int!, $input: StrategyElementInput!) {
    updateStrategyElement(id: $id, expectedVersion: $version, input: $input)
  }
`);
const ElementActionsDocument = graphql(`
  mutation StrategyElementActions($id: ID!, $position: Int!, $move: Boolean!, $remove: Boolean!) {
    moveStrategyElement(id: $id, position: $position) @include(if: $move)
    removeStrategyElement(id: $id) @include(if: $remove)
  }
`);
const AddChildDocument = graphql(`
  mutation AddStrategyChild($versionId: ID!, $level: StrategyLevel!, $parentId: ID, $input: StrategyElementInput!) {
    addStrategyElement(versionId: $versionId, level: $level, parentId: $parentId, input: $input)
  }
`);
const AddIndicatorDocument = graphql(`
  mutation AddStrategyIndicator($elementId: ID!, $input: StrategyIndicatorInput!) {
    addStrategyIndicator(elementId: $elementId, input: $input)
  }
`);
const RecordStatusDocument = graphql(`
  mutation RecordActivityStatus($elementId: ID!, $status: ActivityStatus!) {
    recordActivityStatus(elementId: $elementId, status: $status)
  }
`);
const RecordValueDocument = graphql(`
  mutation RecordIndicatorValue($indicatorId: ID!, $value: Float!) {
    recordIndicatorValue(indicatorId: $indicatorId, value: $value)
  }
`);
const LinkDocument = graphql(`
  mutation LinkStrategyElement($elementId: ID!, $kind: StrategyLinkKind!, $targetId: ID!) {
    linkStrategyElement(elementId: $elementId, kind: $kind, targetId: $targetId)
  }
`);
const CommentDocument = graphql(`
  mutation CommentStrategyElement($elementId: ID!, $body: String!) {
    commentStrategyElement(elementId: $elementId, body: $body) {
      id
    }
  }
`);
const ResolveDocument = graphql(`
  mutation ResolveStrategyComment($id: ID!) {
    resolveStrategyComment(id: $id) {
      id
    }
  }
`);
const LinkablePracticesDocument = graphql(`
  query LinkablePractices {
    practices(first: 100) {
      items {
        id
        title
      }
    }
  }
`);
const OrganizationChoicesDocument = graphql(`
  query OrganizationChoices {
    organizations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const TableDecisionsDocument = graphql(`
  query TableDecisions($tableId: ID!) {
    meetings(tableId: $tableId) {
      id
      title
      agenda {
        id
        title
      }
      minutes {
        decisions {
          id
          text
          outcome
        }
      }
    }
  }
`);

const STATUSES: ActivityStatus[] = ["PLANNED", "IN_PROGRESS", "DONE", "SUSPENDED"];
const CHILD: Record<StrategyLevel, StrategyLevel | null> = { OBJECTIVE: "ACTION", ACTION: "ACTIVITY", ACTIVITY: null };

/** A number input with its label (design-react-kit's number input adds unlabelled step buttons). */
function NumberField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <input id={id} type="number" step="any" className="form-control" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** The fields of an element; activities also have a lead organization, a period and a budget. */
export function ElementForm({ idPrefix, level, initial, submitLabel, onSave, onCancel }: { idPrefix: string; level: StrategyLevel; initial?: Element; submitLabel: string; onSave: (input: StrategyElementInput) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [{ data: orgs }] = useQuery({ query: OrganizationChoicesDocument, pause: level !== "ACTIVITY" });
  const [form, setForm] = useState({
    code: initial?.code ?? "",
    title: initial?.title ?? "",
    description: initial?.description ?? "",
    lead: initial?.leadOrganization?.id ?? "",
    start: initial?.startDate ?? "",
    end: initial?.endDate ?? "",
    budget: initial?.budgetEuros?.toString() ?? "",
  });
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const input: StrategyElementInput = { code: form.code || null, title: form.title, description: form.description };
    if (level === "ACTIVITY") {
      input.leadOrganizationId = form.lead || null;
      input.startDate = form.start || null;
      input.endDate = form.end || null;
      input.budgetEuros = form.budget === "" ? null : Number(form.budget);
    }
    onSave(input);
  }
  return (
    <form onSubmit={submit} className="border rounded p-3 mb-2">
      <div className="row">
        <div className="col-md-3">
          <Input id={`${idPrefix}-code`} label={t("strategy.code")} value={form.code} onChange={set("code")} />
        </div>
        <div className="col-md-9">
          <Input id={`${idPrefix}-title`} label={t("strategy.elementTitle")} value={form.title} onChange={set("title")} />
        </div>
      </div>
      <TextArea id={`${idPrefix}-description`} label={t("strategy.description")} rows={2} value={form.description} onChange={set("description")} />
      {level === "ACTIVITY" && (
        <div className="row">
          <div className="col-md-6 mb-3">
            <label htmlFor={`${idPrefix}-lead`} className="form-label">
              {t("strategy.lead")}
            </label>
            <select id={`${idPrefix}-lead`} className="form-select" value={form.lead} onChange={set("lead")}>
              <option value="">—</option>
              {orgs?.organizations.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.name}
                </option>
              ))}
            </select>
          </div>
          <div className="col-md-6">
            <NumberField id={`${idPrefix}-budget`} label={t("strategy.budget")} value={form.budget} onChange={(budget) => setForm((f) => ({ ...f, budget }))} />
          </div>
          <div className="col-md-6">
            <Input id={`${idPrefix}-start`} type="date" label={t("practices.startDate")} value={form.start} onChange={set("start")} />
          </div>
          <div className="col-md-6">
            <Input id={`${idPrefix}-end`} type="date" label={t("practices.endDate")} value={form.end} onChange={set("end")} />
          </div>
        </div>
      )}
      <div className="d-flex gap-2">
        <Button color="primary" size="sm" type="submit">
          {submitLabel}
        </Button>
        <Button color="secondary" size="sm" outline type="button" onClick={onCancel}>
          {t("strategy.cancel")}
        </Button>
      </div>
    </form>
  );
}

function Indicators({ element, recording, editing, onChange }: { element: Element; recording: boolean; editing: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [added, addIndicator] = useMutation(AddIndicatorDocument);
  const [recorded, record] = useMutation(RecordValueDocument);
  const [values, setValues] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState({ name: "", unit: "", baseline: "0", target: "" });
  const [adding, setAdding] = useState(false);
  if (element.indicators.length === 0 && !editing) return null;
  return (
    <div className="ms-3 mb-2">
      <h5 className="h6 mb-1">{t("strategy.indicators")}</h5>
      <FieldError error={recorded.error ?? added.error} />
      <ul className="list-unstyled">
        {element.indicators.map((i) => (
          <li key={i.id} className="mb-2">
            {i.name}: {i.current ?? "—"} / {i.target} {i.unit} ({t("strategy.baseline")} {i.baseline})
            <div className="progress" style={{ height: "0.5rem", maxWidth: "20rem" }} role="progressbar" aria-label={i.name} aria-valuenow={Math.round((i.ratio ?? 0) * 100)} aria-valuemin={0} aria-valuemax={100}>
              <div className="progress-bar" style={{ width: `${Math.round((i.ratio ?? 0) * 100)}%` }} />
            </div>
            {recording && (
              <form
                className="d-flex gap-2 align-items-end mt-1"
                onSubmit={async (e) => {
                  e.preventDefault();
                  const result = await record({ indicatorId: i.id, value: Number(values[i.id]) });
                  if (!result.error) onChange();
                }}
              >
                <NumberField id={`value-${i.id}`} label={`${t("strategy.newValue")} (${i.name})`} value={values[i.id] ?? ""} onChange={(value) => setValues((v) => ({ ...v, [i.id]: value }))} />
                <Button size="sm" color="primary" outline type="submit">
                  {t("strategy.record")}
                </Button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {editing && !adding && (
        <Button size="xs" color="primary" outline onClick={() => setAdding(true)} aria-label={`${t("strategy.addIndicator")} ${element.code}`}>
          {t("strategy.addIndicator")}
        </Button>
      )}
      {editing && adding && (
        <form
          className="row g-2 align-items-end"
          onSubmit={async (e) => {
            e.preventDefault();
            const result = await addIndicator({ elementId: element.id, input: { name: draft.name, unit: draft.unit, baseline: Number(draft.baseline), target: Number(draft.target) } });
            if (!result.error) {
              setDraft({ name: "", unit: "", baseline: "0", target: "" });
              setAdding(false);
              onChange();
            }
          }}
        >
          <div className="col-md-4">
            <Input id={`indicator-name-${element.id}`} label={t("strategy.indicatorName")} value={draft.name} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} />
          </div>
          <div className="col-md-2">
            <Input id={`indicator-unit-${element.id}`} label={t("strategy.unit")} value={draft.unit} onChange={(e) => setDraft((d) => ({ ...d, unit: e.target.value }))} />
          </div>
          <div className="col-md-2">
            <NumberField id={`indicator-baseline-${element.id}`} label={t("strategy.baseline")} value={draft.baseline} onChange={(baseline) => setDraft((d) => ({ ...d, baseline }))} />
          </div>
          <div className="col-md-2">
            <NumberField id={`indicator-target-${element.id}`} label={t("strategy.target")} value={draft.target} onChange={(target) => setDraft((d) => ({ ...d, target }))} />
          </div>
          <div className="col-md-2 mb-3">
            <Button size="sm" color="primary" outline type="submit">
              {t("strategy.addIndicator")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

function Links({ element, tableId, linking, onChange }: { element: Element; tableId: string; linking: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [{ data: decisions }] = useQuery({ query: TableDecisionsDocument, variables: { tableId }, pause: !open });
  const [{ data: practices }] = useQuery({ query: LinkablePracticesDocument, pause: !open });
  const [linked, link] = useMutation(LinkDocument);
  const [choice, setChoice] = useState("");
  const targets: { value: string; text: string }[] = [
    ...(decisions?.meetings ?? []).flatMap((m) => (m.minutes?.decisions ?? []).map((d) => ({ value: `DECISION:${d.id}`, text: `${label("DECISION")} — ${m.title}: ${d.text}` }))),
    ...(decisions?.meetings ?? []).flatMap((m) => m.agenda.map((a) => ({ value: `AGENDA_ITEM:${a.id}`, text: `${label("AGENDA_ITEM")} — ${m.title}: ${a.title}` }))),
    ...(practices?.practices.items ?? []).map((p) => ({ value: `PRACTICE:${p.id}`, text: `${label("PRACTICE")} — ${p.title}` })),
  ];
  if (element.links.length === 0 && !linking) return null;
  return (
    <div className="ms-3 mb-2">
      <h5 className="h6 mb-1">{t("strategy.links")}</h5>
      <ul>
        {element.links.map((l) => (
          <li key={l.id}>
            {label(l.kind)}: <Link to={l.path}>{l.label}</Link>
          </li>
        ))}
      </ul>
      {linking &&
        (open ? (
          <form
            className="d-flex gap-2 align-items-end"
            onSubmit={async (e) => {
              e.preventDefault();
              const [kind, targetId] = choice.split(":");
              const result = await link({ elementId: element.id, kind: kind as StrategyLinkKind, targetId });
              if (!result.error) {
                setOpen(false);
                onChange();
              }
            }}
          >
            <FieldError error={linked.error} />
            <div>
              <label htmlFor={`link-${element.id}`} className="form-label">
                {t("strategy.linkTo")}
              </label>
              <select id={`link-${element.id}`} className="form-select" value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value="">—</option>
                {targets.map((target) => (
                  <option key={target.value} value={target.value}>
                    {target.text}
                  </option>
                ))}
              </select>
            </div>
            <Button size="sm" color="primary" type="submit" disabled={!choice}>
              {t("strategy.link")}
            </Button>
          </form>
        ) : (
          <Button size="sm" color="primary" outline onClick={() => setOpen(true)}>
            {t("strategy.addLink")}
          </Button>
        ))}
    </div>
  );
}

function Comments({ element, commenting, resolving, onChange }: { element: Element; commenting: boolean; resolving: boolean; onChange: () => void }) {
  const { t, date } = useI18n();
  const [commented, comment] = useMutation(CommentDocument);
  const [resolved, resolve] = useMutation(ResolveDocument);
  const [body, setBody] = useState("");
  const [open, setOpen] = useState(false);
  if (element.comments.length === 0 && !commenting) return null;
  return (
    <div className="ms-3 mb-2">
      <FieldError error={commented.error ?? resolved.error} />
      <ul className="list-unstyled">
        {element.comments.map((c) => (
          <li key={c.id} className={c.resolved ? "text-muted" : ""}>
            <strong>{c.author?.name}</strong> ({date(c.createdAt)}): {c.body} {c.resolved && <Badge color="success">{t("strategy.resolved")}</Badge>}
            {resolving && !c.resolved && (
              <Button size="xs" color="primary" outline className="ms-2" onClick={async () => !(await resolve({ id: c.id })).error && onChange()}>
                {t("strategy.resolve")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {commenting &&
        (open ? (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const result = await comment({ elementId: element.id, body });
              if (!result.error) {
                setBody("");
                setOpen(false);
                onChange();
              }
            }}
          >
            <TextArea id={`comment-${element.id}`} label={`${t("strategy.commentOn")} ${element.code}`} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
            <Button size="sm" color="primary" type="submit">
              {t("strategy.sendComment")}
            </Button>
          </form>
        ) : (
          <Button size="sm" color="primary" outline onClick={() => setOpen(true)} aria-label={`${t("strategy.comment")} ${element.code}`}>
            {t("strategy.comment")}
          </Button>
        ))}
    </div>
  );
}

function ElementNode({ element, siblings, versionId, tableId, editing, abilities, open, onChange }: { element: Element; siblings: number; versionId: string; tableId: string; editing: boolean; abilities: Abilities; open: boolean; onChange: () => void }) {
  const { t, label, date } = useI18n();
  const [mode, setMode] = useState<"view" | "edit" | "child">("view");
  const [updated, update] = useMutation(UpdateElementDocument);
  const [acted, act] = useMutation(ElementActionsDocument);
  const [childAdded, addChild] = useMutation(AddChildDocument);
  const [status, recordStatus] = useMutation(RecordStatusDocument);
  const child = CHILD[element.level];
  const heading = element.level === "OBJECTIVE" ? "h4" : element.level === "ACTION" ? "h5" : "h6";
  const run = async (promise: Promise<{ error?: unknown }>) => {
    if (!(await promise).error) {
      setMode("view");
      onChange();
    }
  };
  return (
    <div className={element.level === "OBJECTIVE" ? "mb-4" : element.level === "ACTION" ? "ms-4 mb-3" : "ms-5 mb-3"} data-testid={`element-${element.code}`}>
      <div className={`${heading} mb-1`}>
        {element.code} {element.title} {element.status && <Badge color={element.status === "DONE" ? "success" : element.status === "IN_PROGRESS" ? "primary" : "secondary"}>{label(element.status)}</Badge>}
      </div>
      {element.description && <p className="mb-1">{element.description}</p>}
      {element.level === "ACTIVITY" && (element.leadOrganization || element.startDate || element.budgetEuros != null) && (
        <p className="small text-muted mb-1">
          {element.leadOrganization && `${t("strategy.lead")}: ${element.leadOrganization.name}. `}
          {(element.startDate || element.endDate) && `${date(element.startDate)} – ${date(element.endDate)}. `}
          {element.budgetEuros != null && `${t("strategy.budget")}: ${element.budgetEuros} €`}
        </p>
      )}
      <FieldError error={updated.error ?? acted.error ?? childAdded.error ?? status.error} />
      {editing && mode === "view" && (
        <div className="d-flex flex-wrap gap-1 mb-2">
          <Button size="xs" color="primary" outline onClick={() => setMode("edit")} aria-label={`${t("strategy.edit")} ${element.code}`}>
            {t("strategy.edit")}
          </Button>
          {child && (
            <Button size="xs" color="primary" outline onClick={() => setMode("child")} aria-label={`${t(child === "ACTION" ? "strategy.addAction" : "strategy.addActivity")} ${element.code}`}>
              {t(child === "ACTION" ? "strategy.addAction" : "strategy.addActivity")}
            </Button>
          )}
          {element.position > 0 && (
            <Button size="xs" color="secondary" outline onClick={() => run(act({ id: element.id, position: element.position - 1, move: true, remove: false }))} aria-label={`${t("strategy.moveUp")} ${element.code}`}>
              ↑
            </Button>
          )}
          {element.position < siblings - 1 && (
            <Button size="xs" color="secondary" outline onClick={() => run(act({ id: element.id, position: element.position + 1, move: true, remove: false }))} aria-label={`${t("strategy.moveDown")} ${element.code}`}>
              ↓
            </Button>
          )}
          <Button size="xs" color="danger" outline onClick={() => window.confirm(t("strategy.confirmRemove")) && run(act({ id: element.id, position: 0, move: false, remove: true }))} aria-label={`${t("strategy.remove")} ${element.code}`}>
            {t("strategy.remove")}
          </Button>
        </div>
      )}
      {mode === "edit" && <ElementForm idPrefix={`edit-${element.id}`} level={element.level} initial={element} submitLabel={t("strategy.save")} onCancel={() => setMode("view")} onSave={(input) => run(update({ id: element.id, version: element.version, input }))} />}
      {mode === "child" && child && <ElementForm idPrefix={`child-${element.id}`} level={child} submitLabel={t(child === "ACTION" ? "strategy.addAction" : "strategy.addActivity")} onCancel={() => setMode("view")} onSave={(input) => run(addChild({ versionId, level: child, parentId: element.id, input }))} />}
      {element.level === "ACTIVITY" && abilities.canEdit && (
        <div className="ms-3 mb-2" style={{ maxWidth: "16rem" }}>
          <label htmlFor={`status-${element.id}`} className="form-label small">
            {t("strategy.activityStatus")} {element.code}
          </label>
          <select id={`status-${element.id}`} className="form-select form-select-sm" value={element.status ?? "PLANNED"} onChange={(e) => void run(recordStatus({ elementId: element.id, status: e.target.value as ActivityStatus }))}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
      )}
      <Indicators element={element} recording={abilities.canEdit} editing={editing} onChange={onChange} />
      <Links element={element} tableId={tableId} linking={abilities.canEdit} onChange={onChange} />
      <Comments element={element} commenting={open && abilities.canComment} resolving={open && abilities.canEdit} onChange={onChange} />
    </div>
  );
}

export function StrategyTree({ elements, versionId, tableId, editing, abilities, open, onChange }: { elements: Element[]; versionId: string; tableId: string; editing: boolean; abilities: Abilities; open: boolean; onChange: () => void }) {
  // Elements arrive depth first; siblings share a parent.
  const siblings = (parentId: string | null | undefined) => elements.filter((e) => (e.parentId ?? null) === (parentId ?? null)).length;
  return (
    <div className="mb-4">
      {elements.map((element) => (
        <ElementNode key={element.id} element={element} siblings={siblings(element.parentId)} versionId={versionId} tableId={tableId} editing={editing} abilities={abilities} open={open} onChange={onChange} />
      ))}
    </div>
  );
}
