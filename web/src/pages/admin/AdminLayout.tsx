// The administration area's frame: its sections for administrators, people and organizations for those who run a
// table; anyone else is told the area is not theirs.
import { NavLink, Navigate, Outlet } from "react-router-dom";
import { useI18n, type Key } from "../../i18n";
import { useSession } from "../../session";
import { isAdmin, runsATable } from "./choices";

const SECTIONS: { path: string; label: Key; adminOnly: boolean }[] = [
  { path: "people", label: "admin.people", adminOnly: false },
  { path: "organizations", label: "admin.organizations", adminOnly: false },
  { path: "tables", label: "admin.tables", adminOnly: true },
  { path: "audit", label: "admin.audit", adminOnly: true },
  { path: "synonyms", label: "admin.synonyms", adminOnly: true },
  { path: "import", label: "admin.import", adminOnly: true },
  { path: "mail", label: "admin.mail", adminOnly: true },
  { path: "health", label: "admin.health", adminOnly: true },
];

export function AdminLayout() {
  const { t } = useI18n();
  const { me } = useSession();
  const admin = isAdmin(me);
  if (!admin && !runsATable(me)) return <Navigate to="/" replace />;
  const sections = SECTIONS.filter((s) => admin || !s.adminOnly);
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

/** `/admin` itself: the first section. */
export function AdminIndex() {
  return <Navigate to="/admin/people" replace />;
}
