// The dashboard's village rows load when their commune is opened: a province has two thousand
// villages, and listing them all up front would bury the bodies a coordinator chases first.
// Without this script, each commune's row links to a page of its villages instead.
"use strict";

async function loadVillages(details) {
  if (!details.open || details.dataset.loaded) {
    return;
  }
  details.dataset.loaded = "loading";
  const body = details.querySelector("tbody");
  try {
    const answer = await fetch(details.dataset.rows, { credentials: "same-origin" });
    if (!answer.ok) {
      throw new Error(String(answer.status));
    }
    // rendered and escaped by the portal's own templates
    body.innerHTML = await answer.text();
    details.dataset.loaded = "yes";
  } catch (error) {
    body.querySelector("tr.loading td").prepend("Không tải được các thôn (" + error.message + "). ");
    delete details.dataset.loaded;
  }
}

for (const details of document.querySelectorAll("details[data-rows]")) {
  details.addEventListener("toggle", () => loadVillages(details));
}
