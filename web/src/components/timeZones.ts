// The IANA time zones a form offers: every zone the browser knows, with `current` first when it knows none.
export function timeZones(current: string): string[] {
  const supported = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return supported.includes(current) ? supported : [current, ...supported];
}
