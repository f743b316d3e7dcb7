// Shown for unknown paths and for records the caller may not see; a visitor is offered to sign in and come back here,
// since the page may be for members only.
import { Link, useLocation } from "react-router-dom";
import { useI18n } from "../i18n";
import { useSession } from "../session";

export function NotFound() {
  const { t } = useI18n();
  const { me, loading } = useSession();
  const location = useLocation();
  return (
    <section>
      <h1>{t("common.notFound")}</h1>
      <p>{t("common.notFoundText")}</p>
      {!me && !loading && (
        <p>
          {t("common.signInToSee")}{" "}
          <Link to="/login" state={{ from: `${location.pathname}${location.search}` }}>
            {t("session.login")}
          </Link>
        </p>
      )}
    </section>
  );
}
