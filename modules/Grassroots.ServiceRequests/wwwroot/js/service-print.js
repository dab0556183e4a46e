// Print buttons on 办事指南 pages (no inline script: the CSP allows only same-origin scripts).
document.querySelectorAll("[data-gr-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
