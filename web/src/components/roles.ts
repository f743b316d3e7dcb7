// Whether the reader runs a table, for showing the forms only its runners use (the server checks every change).

export function runsTable(instanceRole: string | null | undefined, roles: readonly string[]): boolean {
  return instanceRole === "ADMIN" || roles.some((r) => r === "CHAIR" || r === "SECRETARIAT");
}
