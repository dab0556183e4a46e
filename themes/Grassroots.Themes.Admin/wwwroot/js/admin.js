// Dashboard behaviour shared by every module, without inline script (the content security policy forbids it).
// <form data-confirm="…"> asks before submitting.
document.addEventListener('submit', function (event) {
  var form = event.target.closest ? event.target.closest('form[data-confirm]') : null;
  if (form && !window.confirm(form.getAttribute('data-confirm'))) {
    event.preventDefault();
  }
});
