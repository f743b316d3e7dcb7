// Loading, error and empty states shared by every page.
import { Alert, Spinner } from "design-react-kit";
import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { errorCode } from "../client";
import { useI18n } from "../i18n";
import { NotFound } from "../pages/NotFound";

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="d-flex align-items-center gap-2 my-4" role="status">
      <Spinner active small />
      <span>{t("common.loading")}</span>
    </div>
  );
}

/** A message that something worked (or how it went), read out politely: Bootstrap Italia's alert look with the
 * `status` role, which design-react-kit's `Alert` would replace with `alert`. */
export function Notice({ color = "success", children }: { color?: "success" | "warning" | "info"; children: ReactNode }) {
  return (
    <div className={`alert alert-${color}`} role="status">
      {children}
    </div>
  );
}

/** Renders a query's error: NOT_FOUND as the not-found page, anything else as an alert. */
export function QueryError({ error }: { error: CombinedError }) {
  const { t } = useI18n();
  if (errorCode(error) === "NOT_FOUND") return <NotFound />;
  return (
    <Alert color="danger" role="alert">
      {t("common.error")}
    </Alert>
  );
}

/** A wide table that scrolls sideways on a phone: a named region that takes keyboard focus, so it can be scrolled
 * without a mouse. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-responsive" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
