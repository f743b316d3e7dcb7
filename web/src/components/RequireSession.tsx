// Sends visitors to the login page, and back here once they have signed in.
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { useSession } from "../session";
import { Loading } from "./Status";

export function RequireSession() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}
