// The administration area's frame: every section for administrators, people and organizations for those who run a
// table, the practice import for moderators; anyone else is sent home.
import { NavLink, Navigate, Outlet, useLocation } from "react-router-dom";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { adminSections } from "./choices";

export function AdminLayout() {
  const { t } = useI18n();
  const { me } = useSession();
  const { pathname } = useLocation();
  const sections = adminSections(me);
  if (sections.length === 0) return <Navigate to="/" replace />;
  // A section typed in the address bar that is not the person's leads to their first one.
  const current = pathname.split("/")[2];
  if (current && !sections.some((section) => section.path === current)) return <Navigate to={`/admin/${sections[0].path}`} replace />;
  return (
    <div className="row">
      <nav className="col-12 col-lg-3 mb-4" aria-label={t("admin.sections")}>
        <h1 className="h3">{t("admin.title")}</h1>
        <ul className="nav flex-lg-column nav-pills">
          {sections.map((section) => (
            <li className="nav-item" key={section.path}>
              <NavLink to={`/admin/${section.path}`} className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}>
                {t(section.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="col-12 col-lg-9">
        <Outlet />
      </div>
    </div>
  );
}

/** `/admin` itself: the first section the person may use. */
export function AdminIndex() {
  const { me } = useSession();
  const first = adminSections(me)[0];
  return <Navigate to={first ? `/admin/${first.path}` : "/"} replace />;
}
