// The page frame of Bootstrap Italia: slim header (owner, language, session), brand, navigation, footer.
import { Button, Collapse, Container, Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers, HeaderToggler, Icon } from "design-react-kit";
import { Suspense, useEffect, useState } from "react";
import { Link, NavLink, Outlet, useNavigate } from "react-router-dom";
import { useMutation } from "urql";
import { useI18n, type Locale as UiLocale } from "../i18n";
import { adminSections } from "../pages/admin/choices";
import { UpdateMeDocument } from "../pages/profile/Details";
import { useTitleFromHeading } from "./title";
import { WaitingBadge } from "./WaitingForMe";
import { GlobalSearch } from "./GlobalSearch";
import { useSession } from "../session";
import { Loading } from "./Status";

export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const { me, logout } = useSession();
  const navigate = useNavigate();
  const [, saveLocale] = useMutation(UpdateMeDocument);
  const [menuOpen, setMenuOpen] = useState(false);
  useTitleFromHeading();
  // Signed in, the interface speaks the person's language, the one their mails come in.
  const stored: UiLocale | null = me?.locale ? (me.locale === "EN" ? "en" : "it") : null;
  useEffect(() => {
    if (stored) setLocale(stored);
  }, [stored, setLocale]);
  const switchLocale = () => {
    const next: UiLocale = locale === "it" ? "en" : "it";
    setLocale(next);
    if (me) saveLocale({ id: me.id, input: { locale: next === "en" ? "EN" : "IT" } });
  };
  const links = [
    { to: "/", label: t("nav.home"), end: true },
    { to: "/tables", label: t("nav.tables"), end: false },
    { to: "/practices", label: t("nav.practices"), end: false },
    ...(me ? [{ to: "/courses", label: t("nav.courses"), end: false }] : []),
    ...(me ? [{ to: "/questionnaires", label: t("nav.questionnaires"), end: false }] : []),
    { to: "/organizations", label: t("nav.organizations"), end: false },
    ...(me ? [{ to: "/people", label: t("nav.people"), end: false }] : []),
    ...(adminSections(me).length > 0 ? [{ to: "/admin", label: t("nav.admin"), end: false }] : []),
  ];
  return (
    <>
      <a className="visually-hidden-focusable" href="#main">
        {t("nav.skip")}
      </a>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand tag="span">{t("app.owner")}</HeaderBrand>
            <HeaderRightZone>
              <Button
                color="primary"
                size="xs"
                className="me-2"
                lang={locale === "it" ? "en" : "it"}
                aria-label={t("lang.switchLabel")}
                onClick={switchLocale}
              >
                {t("lang.switch")}
              </Button>
              {me ? (
                <>
                  <WaitingBadge />
                  <span className="text-white me-3" data-testid="signed-in-as">
                    <span className="d-none d-md-inline">{t("session.signedInAs")} </span>
                    <Link to="/profile" className="text-white fw-bold">
                      {me.name}
                    </Link>
                  </span>
                  <Button
                    color="primary"
                    size="xs"
                    onClick={async () => {
                      await logout();
                      navigate("/");
                    }}
                  >
                    {t("session.logout")}
                  </Button>
                </>
              ) : (
                <Link className="btn btn-primary btn-xs" to="/login">
                  {t("session.login")}
                </Link>
              )}
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center">
            <HeaderContent>
              <div className="it-brand-wrapper">
                <Link to="/">
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t("app.name")}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t("app.tagline")}</div>
                  </div>
                </Link>
              </div>
              <div className="it-right-zone">
                <GlobalSearch />
              </div>
            </HeaderContent>
          </Header>
          <Header type="navbar" theme="light">
            <HeaderContent expand="lg" megamenu>
              <HeaderToggler aria-controls="main-menu" aria-expanded={menuOpen} aria-label={t("nav.toggle")} onClick={() => setMenuOpen(!menuOpen)}>
                <Icon icon="it-burger" />
              </HeaderToggler>
              <Collapse id="main-menu" isOpen={menuOpen} navbar header closeSrText={t("nav.close")} onOverlayClick={() => setMenuOpen(false)}>
                <nav aria-label={t("nav.main")}>
                  <div className="menu-wrapper">
                    <ul className="navbar-nav">
                      {links.map((link) => (
                        <li className="nav-item" key={link.to}>
                          <NavLink end={link.end} to={link.to} onClick={() => setMenuOpen(false)} className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}>
                            <span>{link.label}</span>
                          </NavLink>
                        </li>
                      ))}
                    </ul>
                  </div>
                </nav>
              </Collapse>
            </HeaderContent>
          </Header>
        </div>
      </Headers>
      <main id="main" tabIndex={-1}>
        <Container className="my-4">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Container>
      </main>
      <footer className="it-footer">
        <div className="it-footer-main">
          <Container className="py-4">
            <p className="mb-2 text-white">{t("footer.text")}</p>
            <ul className="list-inline mb-0">
              <li className="list-inline-item">
                <Link to="/accessibility" className="text-white">
                  {t("footer.accessibility")}
                </Link>
              </li>
              <li className="list-inline-item">
                <Link to="/privacy" className="text-white">
                  {t("footer.privacy")}
                </Link>
              </li>
            </ul>
          </Container>
        </div>
      </footer>
    </>
  );
}
