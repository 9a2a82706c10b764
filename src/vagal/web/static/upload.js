// Show upload progress for the import form. Without this script the form posts normally.
const form = document.getElementById("import-form");
const box = document.getElementById("import-progress");
if (form && box && window.XMLHttpRequest && window.DOMParser) {
  const bar = box.querySelector("progress");
  const note = box.querySelector("p");
  form.addEventListener("submit", (event) => {
    if (!form.reportValidity()) return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    box.hidden = false;
    note.textContent = "Sending the file…";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.upload.addEventListener("load", () => {
      bar.removeAttribute("value");
      note.textContent = "Reading and analysing. Large exports can take a minute.";
    });
    xhr.addEventListener("load", () => {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", () => {
      note.textContent = "The upload was interrupted. Check your connection and try again.";
    });
    xhr.open("POST", form.action);
    xhr.send(new FormData(form));
  });
}
