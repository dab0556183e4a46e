// A table wider than the screen scrolls sideways inside its .table-responsive box. So that a keyboard user can scroll it
// too (WCAG 2.1.1), the box joins the tab order (arrow keys then scroll it) while, and only while, it actually scrolls.
// Shared by the dashboard and the portal layouts; no inline script (the content security policy forbids it).
(function () {
  function update() {
    document.querySelectorAll('.table-responsive').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute('tabindex')) {
          box.setAttribute('tabindex', '0');
          box.setAttribute('data-gr-scroll-focus', '');
        }
      } else if (box.hasAttribute('data-gr-scroll-focus')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('data-gr-scroll-focus');
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', update);
  } else {
    update();
  }
  window.addEventListener('resize', update);
})();
