// Routes of the web UI; pages that show people require a session.
import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout";
import { Activate } from "./pages/account/Activate";
import { AdminAudit } from "./pages/admin/AdminAudit";
import { AdminHealth } from "./pages/admin/AdminHealth";
import { AdminImport } from "./pages/admin/AdminImport";
import { AdminIndex, AdminLayout } from "./pages/admin/AdminLayout";
import { AdminMail } from "./pages/admin/AdminMail";
import { AdminMailbox } from "./pages/admin/AdminMailbox";
import { AdminOrganizations } from "./pages/admin/AdminOrganizations";
import { AdminPeople } from "./pages/admin/AdminPeople";
import { AdminSynonyms } from "./pages/admin/AdminSynonyms";
import { AdminTables } from "./pages/admin/AdminTables";
import { ConfirmEmail } from "./pages/account/ConfirmEmail";
import { ForgotPassword } from "./pages/account/ForgotPassword";
import { ResetPassword } from "./pages/account/ResetPassword";
import { Setup } from "./pages/account/Setup";
import { RequireSession } from "./components/RequireSession";
import { Home } from "./pages/Home";
import { AccessibilityStatement, PrivacyNotice } from "./pages/Legal";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { OrganizationDetail } from "./pages/OrganizationDetail";
import { Organizations } from "./pages/Organizations";
import { People } from "./pages/People";
import { PersonDetail } from "./pages/PersonDetail";
import { PracticeEdit, PracticeNew } from "./pages/PracticeNew";
import { SearchPage } from "./pages/SearchPage";
import { StrategyPage } from "./pages/StrategyPage";
import { PracticePage } from "./pages/PracticePage";
import { Practices } from "./pages/Practices";
import { Profile } from "./pages/profile/Profile";
import { MeetingPage } from "./pages/meeting/MeetingPage";
import { SeriesPage } from "./pages/meeting/SeriesPage";
import { TableDetail } from "./pages/TableDetail";
import { TableMeetings } from "./pages/TableMeetings";
import { Tables } from "./pages/Tables";

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
