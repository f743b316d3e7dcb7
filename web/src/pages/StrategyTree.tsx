// The strategy's tree: each objective, action and activity with inline editing while the draft is open, activities'
// status and indicators (progress is recorded on any version), links, and members' comments.
import { Badge, Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import type { ActivityStatus, StrategyElementInput, StrategyLevel } from "../gql/graphql";
import { useI18n } from "../i18n";
import { FieldError } from "../components/FieldError";
import { Indicators, NumberField } from "./strategy/Indicators";
import type { Element } from "./strategy/element";
import { Links } from "./strategy/Links";

export interface Abilities {
  canEdit: boolean;
  canApprove: boolean;
  canComment: boolean;
}



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
const RecordStatusDocument = graphql(`
  mutation RecordActivityStatus($elementId: ID!, $status: ActivityStatus!) {
    recordActivityStatus(elementId: $elementId, status: $status)
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


const STATUSES: ActivityStatus[] = ["PLANNED", "IN_PROGRESS", "DONE", "SUSPENDED"];
const CHILD: Record<StrategyLevel, StrategyLevel | null> = { OBJECTIVE: "ACTION", ACTION: "ACTIVITY", ACTIVITY: null };

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
      <div className="d-flex flex-wrap gap-2">
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
