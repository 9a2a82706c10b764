// Pre-select the browser's time zone on the sign-up form. The page works without this.
const select = document.querySelector("select[data-detect-timezone]");
if (select && select.value === "UTC") {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((o) => o.value === zone)) select.value = zone;
}
