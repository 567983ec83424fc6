// The panic banner's "Copy the report" button. Plain JavaScript loaded as a file, because after
// a panic the wasm instance cannot run a handler, and the Content-Security-Policy allows no
// inline one.
document.addEventListener("click", (event) => {
  if (event.target?.id !== "panic-copy") return;
  const report = document.getElementById("panic-report");
  if (report) navigator.clipboard?.writeText(report.value).catch(() => report.select());
});
