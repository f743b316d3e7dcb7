// The instance at a glance: the database and the readiness probe, how far the search index lags, the mail backlog.
import { Button } from "design-react-kit";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const HealthDocument = graphql(`
  query InstanceHealth {
    instanceHealth {
      database
      searchPending
      mailQueued
      mailFailed
      oldestQueuedAt
    }
  }
`);

/** What `/readyz` answers, asked from the browser like a load balancer would. */
function useReadiness(refresh: number): boolean | null {
  const [ready, setReady] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    fetch("/readyz", { cache: "no-store" })
      .then((response) => live && setReady(response.ok))
      .catch(() => live && setReady(false));
    return () => {
      live = false;
    };
  }, [refresh]);
  return ready;
}

export function AdminHealth() {
  const { t } = useI18n();
  const [refresh, setRefresh] = useState(0);
  const [{ data, error }, refetch] = useQuery({ query: HealthDocument, requestPolicy: "network-only" });
  const ready = useReadiness(refresh);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const health = data.instanceHealth;
  const state = (ok: boolean | null) => (ok === null ? "…" : ok ? t("admin.ok") : t("admin.down"));
  const rows: [string, string | number][] = [
    [t("admin.database"), state(health.database)],
    [t("admin.readiness"), state(ready)],
    [t("admin.searchPending"), health.searchPending],
    [t("admin.mailQueued"), health.mailQueued],
    [t("admin.mailFailed"), health.mailFailed],
    [t("admin.oldestQueued"), health.oldestQueuedAt ? new Date(health.oldestQueuedAt).toLocaleString() : "—"],
  ];
  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.health")}</h2>
      <dl className="row" data-testid="health">
        {rows.map(([caption, value]) => (
          <div className="col-12 d-flex border-bottom py-2" key={caption}>
            <dt className="col-8 fw-normal">{caption}</dt>
            <dd className="col-4 mb-0 fw-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <Button
        color="primary"
        outline
        onClick={() => {
          setRefresh((n) => n + 1);
          refetch({ requestPolicy: "network-only" });
        }}
      >
        {t("admin.refresh")}
      </Button>
    </section>
  );
}
