// Routes of the web UI; pages that show people require a session. Pages load on first visit, each its own script.
import { lazy, type ComponentType } from "react";
import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout";
import { RequireSession } from "./components/RequireSession";
import { Home } from "./pages/Home";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";

/** A page loaded when first visited: the sign-in page and the home page need none of the others' code. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const Activate = page(() => import("./pages/account/Activate"), "Activate");
const AdminAudit = page(() => import("./pages/admin/AdminAudit"), "AdminAudit");
const AdminHealth = page(() => import("./pages/admin/AdminHealth"), "AdminHealth");
const AdminImport = page(() => import("./pages/admin/AdminImport"), "AdminImport");
const AdminIndex = page(() => import("./pages/admin/AdminLayout"), "AdminIndex");
const AdminLayout = page(() => import("./pages/admin/AdminLayout"), "AdminLayout");
const AdminMail = page(() => import("./pages/admin/AdminMail"), "AdminMail");
const AdminMailbox = page(() => import("./pages/admin/AdminMailbox"), "AdminMailbox");
const AdminOrganizations = page(() => import("./pages/admin/AdminOrganizations"), "AdminOrganizations");
const AdminPeople = page(() => import("./pages/admin/AdminPeople"), "AdminPeople");
const AdminSynonyms = page(() => import("./pages/admin/AdminSynonyms"), "AdminSynonyms");
const AdminTables = page(() => import("./pages/admin/AdminTables"), "AdminTables");
const CoursePage = page(() => import("./pages/course/CoursePage"), "CoursePage");
const Courses = page(() => import("./pages/course/Courses"), "Courses");
const ProtocolPage = page(() => import("./pages/protocol/ProtocolPage"), "ProtocolPage");
const Protocols = page(() => import("./pages/protocol/Protocols"), "Protocols");
const PublicQuestionnaire = page(() => import("./pages/questionnaire/PublicQuestionnaire"), "PublicQuestionnaire");
const QuestionnairePage = page(() => import("./pages/questionnaire/QuestionnairePage"), "QuestionnairePage");
const Questionnaires = page(() => import("./pages/questionnaire/Questionnaires"), "Questionnaires");
const ConfirmEmail = page(() => import("./pages/account/ConfirmEmail"), "ConfirmEmail");
const ForgotPassword = page(() => import("./pages/account/ForgotPassword"), "ForgotPassword");
const ResetPassword = page(() => import("./pages/account/ResetPassword"), "ResetPassword");
const Setup = page(() => import("./pages/account/Setup"), "Setup");
const AccessibilityStatement = page(() => import("./pages/Legal"), "AccessibilityStatement");
const PrivacyNotice = page(() => import("./pages/Legal"), "PrivacyNotice");
const OrganizationDetail = page(() => import("./pages/OrganizationDetail"), "OrganizationDetail");
const Organizations = page(() => import("./pages/Organizations"), "Organizations");
const People = page(() => import("./pages/People"), "People");
const PersonDetail = page(() => import("./pages/PersonDetail"), "PersonDetail");
const PracticeEdit = page(() => import("./pages/PracticeNew"), "PracticeEdit");
const PracticeNew = page(() => import("./pages/PracticeNew"), "PracticeNew");
const SearchPage = page(() => import("./pages/SearchPage"), "SearchPage");
const StrategyPage = page(() => import("./pages/StrategyPage"), "StrategyPage");
const PracticePage = page(() => import("./pages/PracticePage"), "PracticePage");
const Practices = page(() => import("./pages/Practices"), "Practices");
const Profile = page(() => import("./pages/profile/Profile"), "Profile");
const MeetingPage = page(() => import("./pages/meeting/MeetingPage"), "MeetingPage");
const SeriesPage = page(() => import("./pages/meeting/SeriesPage"), "SeriesPage");
const TableDetail = page(() => import("./pages/TableDetail"), "TableDetail");
const TableMeetings = page(() => import("./pages/TableMeetings"), "TableMeetings");
const Tables = page(() => import("./pages/Tables"), "Tables");

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="login" element={<Login />} />
        <Route path="setup" element={<Setup />} />
        <Route path="accessibility" element={<AccessibilityStatement />} />
        <Route path="privacy" element={<PrivacyNotice />} />
        <Route path="account/email/:token" element={<ConfirmEmail />} />
        <Route path="account/activate/:token" element={<Activate />} />
        <Route path="account/forgot" element={<ForgotPassword />} />
        <Route path="account/reset/:token" element={<ResetPassword />} />
        <Route path="tables" element={<Tables />} />
        <Route path="tables/:id" element={<TableDetail />} />
        <Route path="tables/:id/meetings" element={<TableMeetings />} />
        <Route path="tables/:id/strategy" element={<StrategyPage />} />
        <Route path="tables/:id/courses" element={<Courses />} />
        <Route path="tables/:id/protocols" element={<Protocols />} />
        <Route path="protocols/:id" element={<ProtocolPage />} />
        <Route path="tables/:id/questionnaires" element={<Questionnaires />} />
        <Route path="questionnaires" element={<Questionnaires />} />
        <Route path="questionnaires/:id" element={<QuestionnairePage />} />
        <Route path="q/:token" element={<PublicQuestionnaire />} />
        <Route path="courses" element={<Courses />} />
        <Route path="courses/:id" element={<CoursePage />} />
        <Route path="meetings/:id" element={<MeetingPage />} />
        <Route path="series/:id" element={<SeriesPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="practices" element={<Practices />} />
        <Route path="practices/:id" element={<PracticePage />} />
        <Route path="organizations" element={<Organizations />} />
        <Route path="organizations/:id" element={<OrganizationDetail />} />
        <Route element={<RequireSession />}>
          <Route path="people" element={<People />} />
          <Route path="people/:id" element={<PersonDetail />} />
          <Route path="profile" element={<Profile />} />
          <Route path="practices/new" element={<PracticeNew />} />
          <Route path="practices/:id/edit" element={<PracticeEdit />} />
          <Route path="admin" element={<AdminLayout />}>
            <Route index element={<AdminIndex />} />
            <Route path="people" element={<AdminPeople />} />
            <Route path="organizations" element={<AdminOrganizations />} />
            <Route path="tables" element={<AdminTables />} />
            <Route path="audit" element={<AdminAudit />} />
            <Route path="synonyms" element={<AdminSynonyms />} />
            <Route path="import" element={<AdminImport />} />
            <Route path="mail" element={<AdminMail />} />
            <Route path="mailbox" element={<AdminMailbox />} />
            <Route path="health" element={<AdminHealth />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
