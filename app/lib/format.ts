/** A date and time as the merchant reads it: in the shop's IANA time zone, with the zone named. */
export function formatShopDateTime(iso: string, timeZone: string | null, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: timeZone ?? "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));
}
