// What the pages reached from mailed links share: a new password typed twice with its rule, and the page a link that
// cannot be used shows.
import { Alert } from "design-react-kit";
import { Link } from "react-router-dom";
import { useI18n } from "../../i18n";

/** A new password and its repetition; `mismatch` is shown beside the second field. */
export function PasswordPair({
  password,
  repeat,
  onPassword,
  onRepeat,
  mismatch,
}: {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  mismatch: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="mb-3">
        <label htmlFor="new-password" className="form-label">
          {t("activate.password")} <span className="visually-hidden">({t("common.required")})</span>
        </label>
        <input
          id="new-password"
          className="form-control"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          aria-describedby="password-rule"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
        />
        <div id="password-rule" className="form-text">
          {t("activate.rule")}
        </div>
      </div>
      <div className="mb-3">
        <label htmlFor="repeat-password" className="form-label">
          {t("activate.repeat")} <span className="visually-hidden">({t("common.required")})</span>
        </label>
        <input
          id="repeat-password"
          className={`form-control${mismatch ? " is-invalid" : ""}`}
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? "repeat-error" : undefined}
          value={repeat}
          onChange={(e) => onRepeat(e.target.value)}
        />
        {mismatch && (
          <div id="repeat-error" className="invalid-feedback d-block">
            {t("activate.mismatch")}
          </div>
        )}
      </div>
    </>
  );
}

/** The page of a link that is expired, used or unknown, with the way forward. */
export function LinkProblem({ state, title, retry }: { state: string; title: string; retry?: string }) {
  const { t } = useI18n();
  const message = state === "EXPIRED" ? t("link.expired") : state === "USED" ? t("link.used") : t("link.unknown");
  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-4">{title}</h1>
        <Alert color="warning" role="alert">
          {message}
        </Alert>
        <p className="d-flex gap-3">
          {retry && <Link to={retry}>{t("link.newReset")}</Link>}
          <Link to="/login">{t("link.signIn")}</Link>
        </p>
      </div>
    </section>
  );
}
