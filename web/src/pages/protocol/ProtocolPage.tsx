// One operational protocol (/protocols/:id): its versions (the one in force shown first), a version's text,
// signatures and comments, a new version for whoever drafts it, the comparison of two versions, and its links to
// strategy activities, good practices and files.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { DiffView } from "../../components/DiffView";
import { FieldError } from "../../components/FieldError";
import { Files } from "../../components/Files";
import { LinkedStrategy } from "../../components/LinkedStrategy";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import type { ProtocolPageQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { ProtocolPractices } from "./ProtocolPractices";
import { VersionView, standingColor } from "./VersionView";

export type ProtocolData = NonNullable<ProtocolPageQuery["protocol"]>;

const ProtocolPageDocument = graphql(`
  query ProtocolPage($id: ID!) {
    protocol(id: $id) {
      id
      title
      canEdit
      canAdopt
      canComment
      uploadUrl
      table {
        id
        name
      }
      versions {
        id
        number
        standing
        inForceFrom
      }
      strategyElements {
        tableId
        code
        title
      }
      practices {
        id
        title
      }
      files {
        id
        fileName
        sizeBytes
        url
      }
    }
  }
`);

const StartRevisionDocument = graphql(`
  mutation StartProtocolRevision($protocolId: ID!) {
    startProtocolRevision(protocolId: $protocolId) {
      id
      number
    }
  }
`);

const RemoveProtocolFileDocument = graphql(`
  mutation RemoveProtocolFile($id: ID!) {
    removeProtocolFile(id: $id) {
      id
    }
  }
`);

const ComparisonDocument = graphql(`
  query ProtocolComparison($id: ID!, $from: Int!, $to: Int!) {
    protocol(id: $id) {
      id
      comparison(from: $from, to: $to) {
        change
        text
      }
    }
  }
`);

export function ProtocolPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: ProtocolPageDocument, variables: { id } });
  const [chosen, setChosen] = useState<number | null>(null);
  const [revision, startRevision] = useMutation(StartRevisionDocument);
  const [removed, removeFile] = useMutation(RemoveProtocolFileDocument);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  const protocol = data?.protocol;
  if (!protocol) return <Loading />;
  const versions = protocol.versions;
  const inForce = versions.find((v) => v.standing === "IN_FORCE");
  const shown = chosen ?? inForce?.number ?? versions[0]?.number ?? null;
  const hasDraft = versions.some((v) => v.standing === "DRAFT");
  return (
    <article>
      {protocol.table && (
        <p>
          <Link to={`/tables/${protocol.table.id}/protocols`}>{protocol.table.name}</Link>
        </p>
      )}
      <h1>{protocol.title}</h1>
      <nav aria-label={t("protocols.versions")} className="mb-3">
        <ul className="nav nav-pills gap-2">
          {versions.map((v) => (
            <li key={v.id} className="nav-item">
              <button type="button" className={`btn btn-sm ${v.number === shown ? "btn-primary" : "btn-outline-primary"}`} aria-pressed={v.number === shown} onClick={() => setChosen(v.number)}>
                {t("protocols.version").replace("{n}", String(v.number))}{" "}
                <Badge color={standingColor(v.standing)}>{t(`protocols.standing.${v.standing}`)}</Badge>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {protocol.canEdit && !hasDraft && (
        <p>
          <FieldError error={revision.error} />
          <Button
            color="primary"
            size="sm"
            disabled={revision.fetching}
            onClick={async () => {
              const started = (await startRevision({ protocolId: protocol.id })).data?.startProtocolRevision;
              if (!started) return;
              setChosen(started.number);
              reload();
            }}
          >
            {t("protocols.startRevision")}
          </Button>
        </p>
      )}
      {shown != null && <VersionView key={shown} protocol={protocol} number={shown} onChange={reload} />}
      {versions.length > 1 && <Comparison protocolId={protocol.id} numbers={versions.map((v) => v.number).sort((a, b) => a - b)} />}
      <section className="mb-4">
        <h2 className="h4">{t("protocols.links")}</h2>
        <h3 className="h5">{t("protocols.strategy")}</h3>
        {protocol.strategyElements.length > 0 ? <LinkedStrategy elements={protocol.strategyElements} /> : <p className="small">{t("protocols.noStrategy")}</p>}
        <ProtocolPractices protocol={protocol} onChange={reload} />
      </section>
      {(protocol.canEdit || protocol.files.length > 0) && (
        <section className="mb-4">
          <h2 className="h4">{t("protocols.files")}</h2>
          <Files
            id="protocol-files"
            files={protocol.files}
            editable={protocol.canEdit}
            uploadUrl={protocol.uploadUrl}
            subject={protocol.title}
            onRemove={(fileId) => removeFile({ id: fileId })}
            removeError={removed.error}
            onChange={reload}
          />
        </section>
      )}
    </article>
  );
}

function Comparison({ protocolId, numbers }: { protocolId: string; numbers: number[] }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(numbers[numbers.length - 2]);
  const [to, setTo] = useState(numbers[numbers.length - 1]);
  const [shown, setShown] = useState(false);
  const [{ data, error }] = useQuery({ query: ComparisonDocument, variables: { id: protocolId, from, to }, pause: !shown });
  const picker = (id: string, text: string, value: number, set: (n: number) => void) => (
    <div className="select-wrapper">
      <label htmlFor={id}>{text}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          set(Number(e.target.value));
          setShown(false);
        }}
      >
        {numbers.map((n) => (
          <option key={n} value={n}>
            {t("protocols.version").replace("{n}", String(n))}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="mb-4">
      <h2 className="h4">{t("protocols.compare")}</h2>
      <div className="d-flex flex-wrap gap-3 align-items-end">
        {picker("compare-from", t("protocols.compareFrom"), from, setFrom)}
        {picker("compare-to", t("protocols.compareTo"), to, setTo)}
        <Button size="sm" color="primary" outline onClick={() => setShown(true)}>
          {t("protocols.show")}
        </Button>
      </div>
      <FieldError error={error} />
      {shown && data && <DiffView lines={data.protocol.comparison} label={t("protocols.compare")} />}
    </section>
  );
}
